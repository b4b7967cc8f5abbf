package org.w2sg.theory;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.w2sg.stats.Quantile;

/**
 * Percentile bootstrap over seeds: the seeds are the independent replicates, so they are what gets resampled.
 * A statistic of a resample receives the chosen seed indices (with repeats).
 */
public final class SeedBootstrap {
    public static final double LEVEL = 0.95;

    private SeedBootstrap() {}

    public record Interval(double low, double high, int resamples, int failed) {
        public static final Interval NONE = new Interval(Double.NaN, Double.NaN, 0, 0);
    }

    /** CI of {@code statistic}; resamples where it is not finite count as failed. No CI with fewer than 2 seeds. */
    public static Interval percentile(int seeds, int resamples, SplittableRandom rng, ToDoubleFunction<int[]> statistic) {
        if (seeds < 2) return Interval.NONE;
        double[] values = new double[resamples];
        int ok = 0;
        int[] idx = new int[seeds];
        for (int b = 0; b < resamples; b++) {
            for (int i = 0; i < seeds; i++) idx[i] = rng.nextInt(seeds);
            double v = statistic.applyAsDouble(idx);
            if (Double.isFinite(v)) values[ok++] = v;
        }
        if (ok == 0) return new Interval(Double.NaN, Double.NaN, resamples, resamples);
        double[] sorted = Arrays.copyOf(values, ok);
        Arrays.sort(sorted);
        double alpha = (1.0 - LEVEL) / 2.0;
        return new Interval(Quantile.ofSorted(sorted, alpha), Quantile.ofSorted(sorted, 1.0 - alpha), resamples, resamples - ok);
    }

    /** CI of the mean of finite values (NaN = undefined for that seed, left out). */
    public static Interval ofMean(double[] perSeed, int resamples, SplittableRandom rng) {
        double[] defined = Arrays.stream(perSeed).filter(Double::isFinite).toArray();
        return percentile(defined.length, resamples, rng, idx -> {
            double s = 0;
            for (int i : idx) s += defined[i];
            return s / idx.length;
        });
    }

    public static double meanOfFinite(double[] values) {
        return Arrays.stream(values).filter(Double::isFinite).average().orElse(Double.NaN);
    }

}
