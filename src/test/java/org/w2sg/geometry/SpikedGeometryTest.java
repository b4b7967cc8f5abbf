package org.w2sg.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.w2sg.theory.Bbp;
import org.w2sg.theory.HermiteLink;
import org.w2sg.theory.SpikedModel;

/**
 * The geometry PCA and spectrum on the synthetic module's spiked Gaussian x ~ N(0, I + lambda v v^T), where the
 * d, n -> infinity answers are closed forms: the top PC's squared overlap with v is the BBP limit
 * (1 - g/lambda^2) / (1 + g/lambda) with g = d/n above the threshold lambda > sqrt(g); exactly one eigenvalue leaves
 * the Marchenko-Pastur bulk there, none below; and since w* = eta v + sqrt(1 - eta^2) e, the top PC's squared overlap
 * with w* is eta^2 times the same limit (plus (1 - eta^2)(1 - overlap)/d from the isotropic rest).
 */
class SpikedGeometryTest {
    private static final int D = 500;
    private static final double LAMBDA = 2.0;
    private static final double ETA = 0.8;
    private static final int SEEDS = 4;

    /** One draw of n inputs and the squared overlaps of the top PC with v and w*, and the spectrum. */
    private record Draw(double vSq, double wSq, Spectrum spectrum) {}

    private static Draw draw(int d, int n, double lambda, long seed) {
        SpikedModel model = new SpikedModel(d, lambda, ETA, HermiteLink.HE1, 0.0, 1.0, 0.0);
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] x = new float[n][d];
        double[] row = new double[d];
        for (int i = 0; i < n; i++) {
            model.sampleInput(rng, row);
            for (int j = 0; j < d; j++) x[i][j] = (float) row[j];
        }
        Pca pca = Pca.fit(x, 4, seed);
        double[] pc = pca.components()[0];
        double overlapV = model.spikeOverlap(pc);
        double overlapW = model.targetOverlap(pc);
        return new Draw(overlapV * overlapV, overlapW * overlapW, Spectrum.of(pca));
    }

    /**
     * g = d/n from 0.25 to 2 (n/d from 4 to 0.5), the mean over 4 seeds against the limit within 0.05. At g = 4 = lambda^2,
     * the threshold itself, the finite-d overlap is of order d^(-1/3) and no 0.05 agreement is expected; it is checked
     * to be small.
     */
    @Test
    void topPcOverlapFollowsBbpAndTheTargetAlignmentFollowsFromIt() {
        for (double g : new double[] {0.25, 0.5, 1.0, 2.0}) {
            int n = (int) Math.round(D / g);
            double v = 0, w = 0;
            for (int s = 0; s < SEEDS; s++) {
                Draw dr = draw(D, n, LAMBDA, 100 * s + (long) (g * 8));
                v += dr.vSq() / SEEDS;
                w += dr.wSq() / SEEDS;
            }
            double limit = Bbp.overlapSq(g, LAMBDA);
            assertEquals(limit, v, 0.05, "overlap^2 with v at d/n = " + g);
            double wLimit = ETA * ETA * limit + (1 - ETA * ETA) * (1 - limit) / D;
            assertEquals(wLimit, w, 0.05, "overlap^2 with w* at d/n = " + g);
        }
        double atThreshold = 0;
        for (int s = 0; s < SEEDS; s++) atThreshold += draw(D, D / 4, LAMBDA, 7 + s).vSq() / SEEDS;
        assertTrue(atThreshold < 0.35, "at the threshold the overlap is d^(-1/3)-small, got " + atThreshold);
    }

    @Test
    void oneOutlierAboveTheThresholdNoneWellBelow() {
        for (double g : new double[] {0.25, 0.5, 1.0}) {
            for (int s = 0; s < SEEDS; s++) {
                Spectrum sp = draw(D, (int) Math.round(D / g), LAMBDA, 40 + s).spectrum();
                assertEquals(1, sp.outliers(), "d/n = " + g + " seed " + s + ": " + sp);
                // the spike's eigenvalue tends to (1 + lambda)(1 + g / lambda); the bulk variance to 1
                assertEquals((1 + LAMBDA) * (1 + g / LAMBDA), sp.top(), 0.45, "top eigenvalue at d/n = " + g);
                assertEquals(1.0, sp.bulkVariance(), 0.02, "bulk variance at d/n = " + g);
                assertTrue(sp.topOverEdge() > 1.0);
            }
        }
        // well below: lambda = 2 with d/n = 16 (threshold at 4), and lambda = 0.25 with d/n = 1 (threshold at 0.0625)
        for (int s = 0; s < SEEDS; s++) {
            assertEquals(0, draw(D, D / 16, LAMBDA, 60 + s).spectrum().outliers(), "lambda 2, d/n 16, seed " + s);
            assertEquals(0, draw(D, D, 0.25, 80 + s).spectrum().outliers(), "lambda 0.25, d/n 1, seed " + s);
        }
    }
}
