package org.w2sg.calibrate;

import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.w2sg.stats.LogisticCurve;

/**
 * Simulates a whole sweep with the protocol's structure and known truth: steps x seeds units scored on one shared
 * finite test set. A seed fixes a weak probe (its accuracy varies by seed) and a transfer split (a persistent offset
 * of its ceiling and w2s probes at every step); a step fixes the strong model's features, shared by every seed's
 * probes; the test rows are shared by all. Every probe is right on a test row when a latent score is positive: the
 * row's difficulty (shared by all probes), a step-specific row effect (shared by the strong probes of that step), a
 * weak-model row effect (shared by the weak probes and, partly, the w2s probes, which imitate them) and probe noise.
 * The scores' expectations are exactly the truth: a fixed weak accuracy, a logistic ceiling that overtakes it, and a
 * PGR curve that is a planted logistic, a constant or a straight line in ln tokens.
 */
public final class SweepSimulator {
    /** What the PGR curve is. */
    public enum Shape { LOGISTIC, CONSTANT, LINEAR }

    /**
     * @param steps     number of checkpoints, evenly spaced in ln tokens from {@code lnTokensLow} to {@code lnTokensHigh}
     * @param seeds     split seeds
     * @param testRows  size of the shared test set
     */
    public record Design(int steps, int seeds, int testRows, double lnTokensLow, double lnTokensHigh, double weak) {
        public static Design defaults() {
            return new Design(12, 3, 856, Math.log(2e8), Math.log(3e11), 0.80);
        }

        public double lnTokens(int i) {
            return lnTokensLow + (lnTokensHigh - lnTokensLow) * i / (steps - 1);
        }

        double range() {
            return lnTokensHigh - lnTokensLow;
        }

        /** The ceiling's expected accuracy: 0.5 to 0.92, crossing the weak accuracy about a third of the way in. */
        public LogisticCurve ceiling() {
            return new LogisticCurve(0.50, 0.92, lnTokensLow + 0.22 * range(), range() / 12);
        }

        /** The planted PGR transition (LOGISTIC). */
        public LogisticCurve pgrCurve() {
            return new LogisticCurve(0.10, 0.70, lnTokensLow + 0.66 * range(), range() / 16);
        }

        public double pgr(Shape shape, double x) {
            return switch (shape) {
                case LOGISTIC -> pgrCurve().at(x);
                case CONSTANT -> 0.40;
                case LINEAR -> 0.10 + 0.60 * (x - lnTokensLow) / range();
            };
        }

        /** ln tokens where the ceiling's expectation equals the weak accuracy. */
        public double crossing() {
            LogisticCurve c = ceiling();
            return c.mid() + c.width() * Math.log((weak - c.bottom()) / (c.top() - weak));
        }
    }

    /** Seed and unit spread of the expected accuracies (accuracy points, SD). */
    static final double WEAK_SEED_SD = 0.006, SPLIT_SD = 0.004, UNIT_SD = 0.004;
    /** Loadings of the latent score: row difficulty, step/weak row effect, probe noise (squares sum to 1). */
    static final double ROW = 0.6, SHARED = 0.75, NOISE = Math.sqrt(1 - ROW * ROW - SHARED * SHARED);

    /**
     * One simulated sweep: per (step, seed) the three probes' 0/1 correctness on every test row.
     * {@code correct[k][i][s][j]}: probe k (0 weak, 1 ceiling, 2 w2s), step i, seed s, row j (weak repeats per step).
     */
    public record Sweep(Design design, Shape shape, boolean[][][][] correct) {}

    public static Sweep simulate(Design d, Shape shape, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        NormalDistribution normal = new NormalDistribution(null, 0, 1);
        int n = d.testRows(), m = d.steps(), seeds = d.seeds();
        double[] row = gaussians(rng, n);
        double[] weakRow = gaussians(rng, n);
        boolean[][][][] correct = new boolean[3][m][seeds][];
        double[] weakOffset = new double[seeds], ceilSplit = new double[seeds], w2sSplit = new double[seeds];
        boolean[][] weakCorrect = new boolean[seeds][];
        for (int s = 0; s < seeds; s++) {
            weakOffset[s] = WEAK_SEED_SD * rng.nextGaussian();
            ceilSplit[s] = SPLIT_SD * rng.nextGaussian();
            w2sSplit[s] = SPLIT_SD * rng.nextGaussian();
            double mu = normal.inverseCumulativeProbability(clamp(d.weak() + weakOffset[s]));
            weakCorrect[s] = new boolean[n];
            for (int j = 0; j < n; j++) {
                weakCorrect[s][j] = mu + ROW * row[j] + SHARED * weakRow[j] + NOISE * rng.nextGaussian() > 0;
            }
        }
        for (int i = 0; i < m; i++) {
            double x = d.lnTokens(i);
            double ceil = d.ceiling().at(x);
            double w2s = d.weak() + d.pgr(shape, x) * (ceil - d.weak());
            double[] stepRow = gaussians(rng, n);
            for (int s = 0; s < seeds; s++) {
                correct[0][i][s] = weakCorrect[s];
                double muC = normal.inverseCumulativeProbability(clamp(ceil + ceilSplit[s] + UNIT_SD * rng.nextGaussian()));
                // the w2s probe inherits half its seed's weak-probe luck: it learns from those labels
                double muW = normal.inverseCumulativeProbability(clamp(w2s + w2sSplit[s] + 0.5 * weakOffset[s]
                        + UNIT_SD * rng.nextGaussian()));
                boolean[] c = new boolean[n], w = new boolean[n];
                for (int j = 0; j < n; j++) {
                    c[j] = muC + ROW * row[j] + SHARED * stepRow[j] + NOISE * rng.nextGaussian() > 0;
                    // the w2s probe's row effect mixes the step's features with the weak model's (imitation)
                    double shared = 0.8 * stepRow[j] + 0.6 * weakRow[j];
                    w[j] = muW + ROW * row[j] + SHARED * shared + NOISE * rng.nextGaussian() > 0;
                }
                correct[1][i][s] = c;
                correct[2][i][s] = w;
            }
        }
        return new Sweep(d, shape, correct);
    }

    private static double[] gaussians(SplittableRandom rng, int n) {
        double[] g = new double[n];
        for (int j = 0; j < n; j++) g[j] = rng.nextGaussian();
        return g;
    }

    private static double clamp(double p) {
        return Math.max(1e-4, Math.min(1 - 1e-4, p));
    }
}
