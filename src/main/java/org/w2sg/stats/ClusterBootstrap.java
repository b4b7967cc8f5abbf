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
 * the Student-t over n seeds (a plain bootstrap of 3 seeds is far too narrow). Test rows: the test set is the same
 * for every seed, so its noise does not average out over seeds and is not in their spread; each resample adds, per
 * step, a draw of the three scores' test-set errors with the units' own standard errors (averaged over seeds: the
 * seeds share the rows) and an equal correlation between the scores, recovered from the paired gain's standard
 * error. With one seed only that test-set term is left, and callers say so.
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
        double[][][] ses = {c.seWeak(), c.seCeiling(), c.seW2s()};
        double[][] point = new double[3][steps];
        double[][] sigma = new double[3][steps];
        double[] rho = new double[steps];
        int[] seeds = new int[steps];
        for (int i = 0; i < steps; i++) {
            seeds[i] = c.seedsAt(i);
            double gainSe = 0;
            for (int k = 0; k < 3; k++) {
                double sum = 0, se = 0;
                for (int s = 0; s < seedCount; s++) {
                    if (!c.complete(i, s)) continue;
                    sum += values[k][i][s];
                    se += finiteOrZero(ses[k][i][s]);
                }
                point[k][i] = seeds[i] == 0 ? Double.NaN : sum / seeds[i];
                sigma[k][i] = seeds[i] == 0 ? 0 : se / seeds[i];
            }
            for (int s = 0; s < seedCount; s++) if (c.complete(i, s)) gainSe += finiteOrZero(c.seGain()[i][s]);
            gainSe = seeds[i] == 0 ? 0 : gainSe / seeds[i];
            double sw = sigma[0][i], sx = sigma[2][i];
            // Var(w2s - weak) = sw^2 + sx^2 - 2 rho sw sx: the paired gain's SE gives the scores' correlation
            double r = sw > 0 && sx > 0 ? (sw * sw + sx * sx - gainSe * gainSe) / (2 * sw * sx) : 0;
            rho[i] = Math.max(0, Math.min(0.99, Double.isFinite(r) ? r : 0));
        }
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
            for (int i = 0; i < steps; i++) {
                int n = seeds[i];
                // t-scale for this step's seed count: Var(shock) = (s^2 / n) (seedCount - 1) / chi2_{seedCount - 1}
                double kappa = n >= 2 && chi > 0 ? Math.sqrt(n * (double) (seedCount - 1) / ((n - 1) * chi)) : 0;
                double common = rng.nextGaussian();
                for (int k = 0; k < 3; k++) {
                    double shock = 0;
                    if (kappa > 0) {
                        for (int s = 0; s < seedCount; s++) {
                            if (c.complete(i, s)) shock += weights[s] * (values[k][i][s] - point[k][i]);
                        }
                        shock *= kappa / n;
                    }
                    double z = Math.sqrt(rho[i]) * common + Math.sqrt(1 - rho[i]) * rng.nextGaussian();
                    draws[b][k][i] = point[k][i] + shock + sigma[k][i] * z;
                }
            }
        }
        return new Draws(point, draws, seeds);
    }

    private static double finiteOrZero(double v) {
        return Double.isFinite(v) ? v : 0;
    }
}
