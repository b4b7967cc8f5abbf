package org.w2sg.stats;

import java.util.SplittableRandom;

/**
 * The one resampling scheme behind every interval that aggregates over seeds and steps: a wild cluster bootstrap
 * over whole seeds plus the shared test set's noise.
 *
 * <p>Seeds are the clusters: a seed fixes the splits A and B, hence the weak probe and every probe trained on B, at
 * every step. Each resample gives every seed one Gaussian weight and moves every per-step seed mean by the weighted
 * sum of that seed's deviations from the mean, so a seed's whole curve (weak, ceiling and w2s scores at all steps)
 * moves together and the dependence across steps and scores is kept. The move is scaled by
 * {@code sqrt(n / chi2_{n-1})} drawn once per resample, which makes a single mean's resampled distribution exactly
 * the Student-t over n seeds (a plain bootstrap of 3 seeds is far too narrow).
 *
 * <p>Test rows: T is the same rows for every seed, so the rows' own difficulty is common to all seeds and is not in
 * their spread. With per-row correctness ({@link SeedCurves#rows}) the test term is a Gaussian multiplier bootstrap
 * over rows: one multiplier per row per resample, shared by every seed, step and score, which moves every per-step
 * seed mean by the rows' weighted deviations (two-way resampling, seeds x rows, as in Owen's pigeonhole bootstrap).
 * Its covariance is drawn exactly rather than by looping over rows: the rows' covariance of the seed-averaged
 * correctness, less the seed-by-row interaction that the seeds' spread already holds (the method-of-moments
 * decomposition of a two-way random-effects design: resampling both ways would count that interaction twice). Without
 * per-row data (AUC, older runs) each resample adds, per step, a draw of the three scores' test-set errors with the
 * units' own standard errors and an equal correlation recovered from the paired gain's standard error: an upper
 * bound, since it counts the interaction too. With one seed only the test term is left, and callers say so.
 */
public final class ClusterBootstrap {
    private ClusterBootstrap() {}

    /**
     * Per-step means over seeds (point) and their resampled values: {@code draws[b][k][i]} for resample b, score k
     * (0 weak, 1 ceiling, 2 w2s) and step i. {@code seeds[i]} is how many seeds the mean at step i has.
     */
    public record Draws(double[][] point, double[][][] draws, int[] seeds) {
        public int resamples() {
            return draws.length;
        }

        public double[] column(int k, int step) {
            double[] v = new double[draws.length];
            for (int b = 0; b < v.length; b++) v[b] = draws[b][k][step];
            return v;
        }
    }

    public static Draws draw(SeedCurves c, int resamples, long seed) {
        int steps = c.stepCount(), seedCount = c.seedCount();
        double[][][] values = {c.weak(), c.ceiling(), c.w2s()};
        double[][] point = new double[3][steps];
        int[] seeds = new int[steps];
        for (int i = 0; i < steps; i++) {
            seeds[i] = c.seedsAt(i);
            for (int k = 0; k < 3; k++) {
                double sum = 0;
                for (int s = 0; s < seedCount; s++) if (c.complete(i, s)) sum += values[k][i][s];
                point[k][i] = seeds[i] == 0 ? Double.NaN : sum / seeds[i];
            }
        }
        TestTerm test = c.testRows() > 1 ? RowTerm.of(c, point, seeds) : SeTerm.of(c, seeds);
        SplittableRandom rng = new SplittableRandom(seed);
        double[][][] draws = new double[resamples][3][steps];
        double[] weights = new double[seedCount];
        for (int b = 0; b < resamples; b++) {
            for (int s = 0; s < seedCount; s++) weights[s] = rng.nextGaussian();
            double chi = 0;
            for (int d = 0; d < seedCount - 1; d++) {
                double g = rng.nextGaussian();
                chi += g * g;
            }
            double[][] noise = test.draw(rng);
            for (int i = 0; i < steps; i++) {
                int n = seeds[i];
                // t-scale for this step's seed count: Var(shock) = (s^2 / n) (seedCount - 1) / chi2_{seedCount - 1}
                double kappa = n >= 2 && chi > 0 ? Math.sqrt(n * (double) (seedCount - 1) / ((n - 1) * chi)) : 0;
                for (int k = 0; k < 3; k++) {
                    double shock = 0;
                    if (kappa > 0) {
                        for (int s = 0; s < seedCount; s++) {
                            if (c.complete(i, s)) shock += weights[s] * (values[k][i][s] - point[k][i]);
                        }
                        shock *= kappa / n;
                    }
                    draws[b][k][i] = point[k][i] + shock + noise[k][i];
                }
            }
        }
        return new Draws(point, draws, seeds);
    }

    /** One resample's test-set errors of the per-step seed means, {@code [score][step]}. */
    private interface TestTerm {
        double[][] draw(SplittableRandom rng);
    }

    /**
     * Test rows resampled jointly (Gaussian multipliers shared by all units), drawn from the covariance they induce on
     * the 3 x steps seed means: for scores a, b, {@code Cov_rows(ybar_a, ybar_b) / n - Sum_s Cov_rows(r_sa, r_sb) /
     * ((S - 1) n S)}, where ybar is a row's correctness averaged over the step's seeds and r the doubly centred
     * seed-by-row residual. The first term is what resampling rows adds; the second removes the interaction part of it
     * that the seed term already carries. Negative eigenvalues of the difference (sampling error) are set to 0.
     */
    private record RowTerm(double[][] factor, int steps) implements TestTerm {
        static RowTerm of(SeedCurves c, double[][] point, int[] seeds) {
            int steps = c.stepCount(), seedCount = c.seedCount(), n = c.testRows();
            int dims = 3 * steps;
            // column a = k * steps + i: the seed-averaged correctness of every row, centred
            double[][] ybar = new double[dims][n];
            double[][][] resid = new double[seedCount][][];
            for (int s = 0; s < seedCount; s++) resid[s] = new double[dims][];
            for (int k = 0; k < 3; k++) {
                for (int i = 0; i < steps; i++) {
                    if (seeds[i] == 0) continue;
                    int a = k * steps + i;
                    double[] y = ybar[a];
                    for (int s = 0; s < seedCount; s++) {
                        if (!c.complete(i, s)) continue;
                        boolean[] r = c.rows()[k][i][s];
                        for (int t = 0; t < n; t++) if (r[t]) y[t] += 1.0 / seeds[i];
                    }
                    for (int t = 0; t < n; t++) y[t] -= point[k][i];
                    if (seeds[i] < 2) continue;
                    for (int s = 0; s < seedCount; s++) {
                        if (!c.complete(i, s)) continue;
                        boolean[] r = c.rows()[k][i][s];
                        double dev = values(c, k)[i][s] - point[k][i];
                        double[] e = new double[n];
                        for (int t = 0; t < n; t++) e[t] = (r[t] ? 1 : 0) - point[k][i] - y[t] - dev;
                        resid[s][a] = e;
                    }
                }
            }
            double[][] cov = new double[dims][dims];
            for (int a = 0; a < dims; a++) {
                for (int b = 0; b <= a; b++) {
                    double v = dot(ybar[a], ybar[b]) / ((n - 1.0) * n);
                    int ia = a % steps, ib = b % steps;
                    int shared = 0;
                    double inter = 0;
                    for (int s = 0; s < seedCount; s++) {
                        if (resid[s][a] == null || resid[s][b] == null) continue;
                        shared++;
                        inter += dot(resid[s][a], resid[s][b]);
                    }
                    if (shared >= 2) {
                        v -= inter * shared / ((shared - 1.0) * (n - 1.0) * n * seeds[ia] * seeds[ib]);
                    }
                    cov[a][b] = v;
                    cov[b][a] = v;
                }
            }
            var eig = new org.apache.commons.math3.linear.EigenDecomposition(
                    new org.apache.commons.math3.linear.Array2DRowRealMatrix(cov, false));
            double[][] factor = new double[dims][dims];
            for (int j = 0; j < dims; j++) {
                double lambda = eig.getRealEigenvalue(j);
                if (!(lambda > 0)) continue;
                double root = Math.sqrt(lambda);
                double[] v = eig.getEigenvector(j).toArray();
                for (int a = 0; a < dims; a++) factor[a][j] = v[a] * root;
            }
            return new RowTerm(factor, steps);
        }

        @Override
        public double[][] draw(SplittableRandom rng) {
            int dims = factor.length;
            double[] h = new double[dims];
            for (int j = 0; j < dims; j++) h[j] = rng.nextGaussian();
            double[][] out = new double[3][steps];
            for (int a = 0; a < dims; a++) out[a / steps][a % steps] = dot(factor[a], h);
            return out;
        }

        private static double[][] values(SeedCurves c, int k) {
            return k == 0 ? c.weak() : k == 1 ? c.ceiling() : c.w2s();
        }

        private static double dot(double[] x, double[] y) {
            double sum = 0;
            for (int t = 0; t < x.length; t++) sum += x[t] * y[t];
            return sum;
        }
    }

    /** Per step, the units' own test-set SEs (seed-averaged) with one correlation between the three scores. */
    private record SeTerm(double[][] sigma, double[] rho) implements TestTerm {
        static SeTerm of(SeedCurves c, int[] seeds) {
            int steps = c.stepCount(), seedCount = c.seedCount();
            double[][][] ses = {c.seWeak(), c.seCeiling(), c.seW2s()};
            double[][] sigma = new double[3][steps];
            double[] rho = new double[steps];
            for (int i = 0; i < steps; i++) {
                for (int k = 0; k < 3; k++) {
                    double se = 0;
                    for (int s = 0; s < seedCount; s++) if (c.complete(i, s)) se += finiteOrZero(ses[k][i][s]);
                    sigma[k][i] = seeds[i] == 0 ? 0 : se / seeds[i];
                }
                double gainSe = 0;
                for (int s = 0; s < seedCount; s++) if (c.complete(i, s)) gainSe += finiteOrZero(c.seGain()[i][s]);
                gainSe = seeds[i] == 0 ? 0 : gainSe / seeds[i];
                double sw = sigma[0][i], sx = sigma[2][i];
                // Var(w2s - weak) = sw^2 + sx^2 - 2 rho sw sx: the paired gain's SE gives the scores' correlation
                double r = sw > 0 && sx > 0 ? (sw * sw + sx * sx - gainSe * gainSe) / (2 * sw * sx) : 0;
                rho[i] = Math.max(0, Math.min(0.99, Double.isFinite(r) ? r : 0));
            }
            return new SeTerm(sigma, rho);
        }

        @Override
        public double[][] draw(SplittableRandom rng) {
            int steps = rho.length;
            double[][] out = new double[3][steps];
            for (int i = 0; i < steps; i++) {
                double common = rng.nextGaussian();
                for (int k = 0; k < 3; k++) {
                    double z = Math.sqrt(rho[i]) * common + Math.sqrt(1 - rho[i]) * rng.nextGaussian();
                    out[k][i] = sigma[k][i] * z;
                }
            }
            return out;
        }
    }

    private static double finiteOrZero(double v) {
        return Double.isFinite(v) ? v : 0;
    }
}
