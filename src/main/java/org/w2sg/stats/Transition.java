package org.w2sg.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * Where a metric (PGR, or the w2s gain) switches on during pre-training: a {@link LogisticCurve} of the metric
 * against ln(tokens seen), its midpoint expressed as tokens and as a training step, its width, and percentile
 * bootstrap intervals from refitting on observations resampled with replacement (one observation per step and seed,
 * so seeds and steps are what is resampled).
 *
 * @param curve          the fit to all observations (x = ln tokens)
 * @param midpointTokens tokens at the curve's halfway point, {@code exp(mid)}
 * @param midpointStep   the training step at those tokens (interpolated from the observations' step/token pairs)
 * @param width          the curve's width in ln-tokens
 * @param points         observations used (finite value, tokens > 0)
 * @param dropped        observations left out (undefined value such as an empty PGR, or tokens <= 0 as at step 0)
 * @param resamplesUsed  bootstrap refits that converged (intervals come from these)
 * @param flags          "" or ';'-separated notes: midpoint outside the observed range; step_like (no observation on
 *                       the rise, so the midpoint interval is widened to the gap it lies in); no_clear_transition
 *                       (the curve does not fit significantly better than a constant); failed refits
 */
public record Transition(LogisticCurve curve, double rmse, double midpointTokens, double midpointStep, double width,
                         Interval midpointTokensCi, Interval midpointStepCi, Interval widthCi, Interval bottomCi,
                         Interval topCi, int points, int dropped, int resamplesUsed, String flags) {

    /** Distinct steps (x values) a fit needs: as many as the curve has parameters. */
    public static final int MIN_STEPS = 4;

    /** One measurement: the metric at a step (one per seed when there are several). */
    public record Observation(long step, double tokens, double value) {}

    /** A percentile interval; NaN bounds when no refit converged. */
    public record Interval(double low, double high) {
        static Interval of(double[] values, double confidence) {
            double[] v = Arrays.stream(values).filter(Double::isFinite).toArray();
            if (v.length == 0) return new Interval(Double.NaN, Double.NaN);
            double a = (1 - confidence) / 2;
            return new Interval(Quantile.of(v, a), Quantile.of(v, 1 - a));
        }
    }

    /**
     * @return empty when fewer than 5 usable observations remain, they lie at fewer than 4 distinct steps (a
     *         4-parameter curve through 2 or 3 x values is not identified: any midpoint fits), or no curve fits
     */
    public static Optional<Transition> fit(List<Observation> observations, int resamples, double confidence,
                                           long seed) {
        List<Observation> usable = new ArrayList<>();
        for (Observation o : observations) {
            if (Double.isFinite(o.value()) && o.tokens() > 0 && Double.isFinite(o.tokens())) usable.add(o);
        }
        int dropped = observations.size() - usable.size();
        double[] x = usable.stream().mapToDouble(o -> Math.log(o.tokens())).toArray();
        double[] y = usable.stream().mapToDouble(Observation::value).toArray();
        if (Arrays.stream(x).distinct().count() < MIN_STEPS) return Optional.empty();
        Optional<LogisticFit.Result> main = LogisticFit.fit(x, y);
        if (main.isEmpty()) return Optional.empty();
        LogisticCurve c = main.get().curve();
        StepScale scale = new StepScale(usable);

        int n = x.length;
        double[] mids = new double[resamples];
        double[] widths = new double[resamples];
        double[] bottoms = new double[resamples];
        double[] tops = new double[resamples];
        Arrays.fill(mids, Double.NaN);
        Arrays.fill(widths, Double.NaN);
        Arrays.fill(bottoms, Double.NaN);
        Arrays.fill(tops, Double.NaN);
        double xMin = Arrays.stream(x).min().orElseThrow();
        double xMax = Arrays.stream(x).max().orElseThrow();
        SplittableRandom rng = new SplittableRandom(seed);
        int ok = 0;
        double[] bx = new double[n];
        double[] by = new double[n];
        for (int b = 0; b < resamples; b++) {
            for (int k = 0; k < n; k++) {
                int i = rng.nextInt(n);
                bx[k] = x[i];
                by[k] = y[i];
            }
            Optional<LogisticFit.Result> r = LogisticFit.fit(bx, by, c);
            if (r.isEmpty()) continue;
            LogisticCurve rc = r.get().curve();
            mids[b] = rc.mid();
            widths[b] = rc.width();
            bottoms[b] = rc.bottom();
            tops[b] = rc.top();
            ok++;
        }
        Interval midCi = Interval.of(mids, confidence);
        Interval bottomCi = Interval.of(bottoms, confidence);
        Interval topCi = Interval.of(tops, confidence);
        List<String> flags = new ArrayList<>();
        if (c.mid() < xMin || c.mid() > xMax) {
            flags.add(String.format(Locale.ROOT, "midpoint_outside_observed_range: %.3g not in [%.3g, %.3g]",
                    Math.exp(c.mid()), Math.exp(xMin), Math.exp(xMax)));
        }
        Optional<Gap> gap = unresolvedGap(x, c);
        if (gap.isPresent()) {
            // the refits start from this curve and cannot move a midpoint that no observation constrains: the
            // interval must at least cover the gap, where every midpoint fits the data equally well
            flags.add(String.format(Locale.ROOT, "step_like: no observation lies on the rise; the midpoint is "
                    + "anywhere between %.3g and %.3g", Math.exp(gap.get().below()), Math.exp(gap.get().above())));
            midCi = new Interval(Math.min(nanToInf(midCi.low(), +1), gap.get().below()),
                    Math.max(nanToInf(midCi.high(), -1), gap.get().above()));
        }
        double p = LogisticFit.pValueAgainstConstant(y, main.get());
        if (!(p < 0.05)) {
            flags.add(String.format(Locale.ROOT, "no_clear_transition: a constant fits about as well "
                    + "(extra-sum-of-squares F test p = %.2g)", p));
        }
        if (ok < resamples) flags.add("bootstrap_refits_failed: " + (resamples - ok) + " of " + resamples);
        return Optional.of(new Transition(c, main.get().rmse(), Math.exp(c.mid()), scale.stepAt(c.mid()), c.width(),
                new Interval(Math.exp(midCi.low()), Math.exp(midCi.high())),
                new Interval(scale.stepAt(midCi.low()), scale.stepAt(midCi.high())),
                Interval.of(widths, confidence), bottomCi, topCi, n, dropped, ok, String.join("; ", flags)));
    }

    /** Two observed x values with nothing between them, as ln tokens (or ln of whatever x is). */
    public record Gap(double below, double above) {}

    /**
     * When the fitted curve rises between two neighbouring observed x values, already within 5% of its bottom at
     * the lower one and of its top at the upper one, no observation constrains where in between the midpoint lies:
     * a step function fits as well as any logistic. Returns those two x values; empty when some observation lies
     * on the rise, or the midpoint is outside the observed range (flagged separately).
     */
    public static Optional<Gap> unresolvedGap(double[] x, LogisticCurve c) {
        double below = Double.NEGATIVE_INFINITY, above = Double.POSITIVE_INFINITY;
        for (double v : x) {
            double s = LogisticCurve.sigmoid((v - c.mid()) / c.width());
            if (s > 0.05 && s < 0.95) return Optional.empty();
            if (v <= c.mid()) below = Math.max(below, v);
            else above = Math.min(above, v);
        }
        if (Double.isInfinite(below) || Double.isInfinite(above)) return Optional.empty();
        return Optional.of(new Gap(below, above));
    }

    private static double nanToInf(double v, int sign) {
        return Double.isNaN(v) ? sign * Double.POSITIVE_INFINITY : v;
    }

    /**
     * The first step (in step order) whose interval lower bound is above {@code threshold}, e.g. the first step
     * whose PGR CI excludes 0. NaN bounds (undefined PGR) never qualify.
     */
    public static OptionalLong firstStepAbove(long[] steps, double[] lowerBounds, double threshold) {
        if (steps.length != lowerBounds.length) {
            throw new IllegalArgumentException("first step: " + steps.length + " steps but " + lowerBounds.length + " bounds");
        }
        Integer[] order = new Integer[steps.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingLong(i -> steps[i]));
        for (int i : order) if (lowerBounds[i] > threshold) return OptionalLong.of(steps[i]);
        return OptionalLong.empty();
    }


    /**
     * Maps ln(tokens) to a training step by log-log interpolation between the observed (tokens, step) pairs, and by
     * the nearest pair's tokens-per-step outside them (tokens grow in proportion to steps at a fixed batch size).
     */
    private static final class StepScale {
        private final double[] lnTokens;
        private final double[] lnSteps;

        StepScale(List<Observation> obs) {
            List<Observation> pos = obs.stream().filter(o -> o.step() > 0).sorted(Comparator.comparingDouble(Observation::tokens)).toList();
            List<double[]> pairs = new ArrayList<>();
            for (Observation o : pos) {
                double lt = Math.log(o.tokens());
                if (pairs.isEmpty() || pairs.getLast()[0] < lt) pairs.add(new double[] {lt, Math.log(o.step())});
            }
            lnTokens = pairs.stream().mapToDouble(p -> p[0]).toArray();
            lnSteps = pairs.stream().mapToDouble(p -> p[1]).toArray();
        }

        double stepAt(double lnT) {
            int m = lnTokens.length;
            if (m == 0 || !Double.isFinite(lnT)) return Double.NaN;
            if (lnT <= lnTokens[0]) return Math.exp(lnSteps[0] + lnT - lnTokens[0]);
            if (lnT >= lnTokens[m - 1]) return Math.exp(lnSteps[m - 1] + lnT - lnTokens[m - 1]);
            int k = Arrays.binarySearch(lnTokens, lnT);
            if (k >= 0) return Math.exp(lnSteps[k]);
            int hi = -k - 1;
            int lo = hi - 1;
            double f = (lnT - lnTokens[lo]) / (lnTokens[hi] - lnTokens[lo]);
            return Math.exp(lnSteps[lo] + f * (lnSteps[hi] - lnSteps[lo]));
        }
    }
}
