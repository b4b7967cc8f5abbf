package org.w2sg.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.w2sg.probe.ProbeOptions;
import org.w2sg.probe.WeakPredictions;

/**
 * Geometry metrics on Gaussian classes with known answers: x = mu * (2y - 1) e0 + N(0, I) in d = 60. The class-mean
 * difference and the Bayes direction are e0, so the difference-of-means accuracy tends to Phi(mu), d' to 2 mu, the
 * top PC is e0 (its variance 1 + mu^2 beats the bulk) and carries nearly all of the gold direction. A weak supervisor
 * that errs exactly where x1 > 0.5 has linearly predictable errors (AUC near 1); one that errs at random does not
 * (AUC near 1/2).
 */
class GeometryMetricsTest {
    private static final int D = 60;
    private static final double MU = 1.5;

    private record Data(float[][] x, int[] y) {}

    private static Data data(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] x = new float[n][D];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            for (int j = 0; j < D; j++) x[i][j] = (float) rng.nextGaussian();
            x[i][0] += (float) (MU * (2 * y[i] - 1));
        }
        return new Data(x, y);
    }

    private static double[] weak(Data d, boolean predictable, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] p = new double[d.y().length];
        for (int i = 0; i < p.length; i++) {
            boolean err = predictable ? d.x()[i][1] > 0.5 : rng.nextDouble() < 0.3;
            p[i] = (d.y()[i] == 1) != err ? 0.9 : 0.1;
        }
        return p;
    }

    @Test
    void knownAnswersOnGaussianClasses() {
        Data b = data(600, 1);
        Data t = data(2000, 2);
        GeometryOptions options = GeometryOptions.defaults().withKs(1, 4, 16).withProbe(ProbeOptions.defaults().withParallel(false));
        WeakPredictions predictable = new WeakPredictions(weak(b, true, 3), weak(t, true, 4), "x1 > 0.5");
        GeometryResult r = Geometry.measure(b.x(), b.y(), t.x(), t.y(), predictable, null, options);
        Map<String, Double> m = r.metrics();
        double phi = new org.apache.commons.math3.distribution.NormalDistribution().cumulativeProbability(MU);
        assertEquals(phi, m.get(GeometryResult.DIFFMEANS_ACC), 0.03, "difference of means ~ Bayes accuracy Phi(mu)");
        assertEquals(2 * MU, m.get(GeometryResult.FISHER_DPRIME), 0.25, "d' ~ 2 mu");
        assertEquals(1.0, m.get(GeometryResult.PC1_MEANDIFF_COS), 0.05);
        assertTrue(m.get(GeometryResult.PC1_GOLD_COS) > 0.9, "gold probe ~ e0: " + m);
        assertTrue(m.get(GeometryResult.goldShareName(1)) > 0.8, "most of the gold direction in PC1: " + m);
        assertTrue(m.get(GeometryResult.goldShareName(16)) >= m.get(GeometryResult.goldShareName(4)), "share grows with k");
        assertEquals(phi, m.get(GeometryResult.pcProbeName(1)), 0.03, "a PC1 probe is the Bayes classifier");
        assertEquals(1, m.get(GeometryResult.OUTLIERS), 0.0, "one direction stands out: " + r.spectrum());
        // 32 labels in 60 dimensions cannot find e0 as well as 128 can; both beat chance clearly
        assertTrue(m.get(GeometryResult.fewShotName(32)) > 0.65, m.toString());
        assertTrue(m.get(GeometryResult.fewShotName(128)) > m.get(GeometryResult.fewShotName(32)), m.toString());
        assertTrue(m.get(GeometryResult.fewShotName(128)) < phi + 0.02, m.toString());
        assertTrue(m.get(GeometryResult.WEAK_ERROR_AUC) > 0.9, "errors on a half-space are linearly predictable: " + m);

        WeakPredictions random = new WeakPredictions(weak(b, false, 5), weak(t, false, 6), "30% at random");
        double auc = Geometry.measure(b.x(), b.y(), t.x(), t.y(), random, null, options).weakErrorAuc();
        assertEquals(0.5, auc, 0.06, "random errors are not predictable");
        assertTrue(Double.isNaN(Geometry.measure(b.x(), b.y(), t.x(), t.y(), null, null, options).weakErrorAuc()));
    }
}
