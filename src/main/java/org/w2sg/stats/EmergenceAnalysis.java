package org.w2sg.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Every seed-aggregated number of one metric family (accuracy or AUC) at one dataset and layer, all from one set of
 * {@link ClusterBootstrap} resamples: per-step means with intervals, PGR per step as a ratio of means with its
 * Fieller interval, gain / (1 - weak) (the empirical analog of the theory's PGR_0), logistic transitions of PGR and of
 * gain / (1 - weak) with the transition test, the ceiling's curve and where it crosses the weak accuracy, and the
 * offset between the PGR midpoint and that crossing with a joint interval.
 */
public record EmergenceAnalysis(SeedCurves curves, List<StepStats> steps, Optional<SummaryCurveFit> pgr,
                                String pgrReason, Optional<SummaryCurveFit> headroom, String headroomReason,
                                Optional<SummaryCurveFit> ceiling, double weakLevel, double crossing,
                                Interval crossingCi, double offset, Interval offsetCi, OptionalInt firstStepAboveZero,
                                DifferencedCorrelation pgrVsCeiling, Options options) {

    /**
     * @param resamples     cluster-bootstrap resamples behind every interval
     * @param testResamples of those, how many the transition test's parametric bootstrap uses (0: no test)
     * @param fitCurves     whether to fit the transitions at all (summary tables need only the per-step part)
     * @param fitHeadroom   whether to fit gain / (1 - weak) too
     */
    public record Options(int resamples, int testResamples, double confidence, long seed, boolean fitCurves,
                          boolean fitHeadroom) {
        public static Options defaults(int resamples, long seed) {
            return new Options(resamples, Math.min(resamples, 400), 0.95, seed, true, true);
        }

        public double alpha() {
            return 1 - confidence;
        }
    }

    /** A per-step mean with its interval. */
    public record Value(double value, Interval ci) {}

    /**
     * @param seeds    seeds with all three scores at this step
     * @param pgr      mean gain / mean gap with its Fieller interval; undefined when the gap's lower bound is not above 0
     * @param headroom mean gain / (1 - mean weak), always defined
     */
    public record StepStats(long step, double tokens, int seeds, Value weak, Value ceiling, Value w2s, Value gain,
                            Value gap, RatioInterval pgr, RatioInterval headroom) {
        public boolean testNoiseOnly() {
            return seeds < 2;
        }
    }

    public static EmergenceAnalysis of(SeedCurves c, Options o) {
        ClusterBootstrap.Draws d = ClusterBootstrap.draw(c, o.resamples(), o.seed());
        int m = c.stepCount(), b = d.resamples();
        List<StepStats> steps = new ArrayList<>();
        double[][] gainDraws = new double[m][], gapDraws = new double[m][], headDenDraws = new double[m][];
        for (int i = 0; i < m; i++) {
            double[] wk = d.column(0, i), ce = d.column(1, i), ws = d.column(2, i);
            double[] gain = new double[b], gap = new double[b], room = new double[b];
            for (int r = 0; r < b; r++) {
                gain[r] = ws[r] - wk[r];
                gap[r] = ce[r] - wk[r];
                room[r] = 1 - wk[r];
            }
            gainDraws[i] = gain;
            gapDraws[i] = gap;
            headDenDraws[i] = room;
            double pw = d.point()[0][i], pc = d.point()[1][i], px = d.point()[2][i];
            RatioInterval pgr = d.seeds()[i] == 0 ? undefined()
                    : RatioInterval.fromDraws(px - pw, pc - pw, gain, gap, o.confidence());
            RatioInterval head = d.seeds()[i] == 0 ? undefined()
                    : RatioInterval.fromDraws(px - pw, 1 - pw, gain, room, o.confidence());
            steps.add(new StepStats(c.steps()[i], c.tokens()[i], d.seeds()[i], value(pw, wk, o), value(pc, ce, o),
                    value(px, ws, o), value(px - pw, gain, o), value(pc - pw, gap, o), pgr, head));
        }
        OptionalInt first = OptionalInt.empty();
        for (int i = 0; i < m; i++) {
            if (steps.get(i).pgr().defined() && steps.get(i).pgr().low() > 0) {
                first = OptionalInt.of(i);
                break;
            }
        }
        DifferencedCorrelation corr = DifferencedCorrelation.of(
                steps.stream().mapToDouble(s -> s.pgr().defined() ? s.pgr().value() : Double.NaN).toArray(),
                steps.stream().mapToDouble(s -> s.ceiling().value()).toArray(), o.seed());
        if (!o.fitCurves()) {
            return new EmergenceAnalysis(c, steps, Optional.empty(), "not fitted", Optional.empty(), "not fitted",
                    Optional.empty(), Double.NaN, Double.NaN, Interval.NONE, Double.NaN, Interval.NONE, first, corr, o);
        }
        // PGR: steps where it is defined (decided once, on the data, so no resample is conditioned on) and tokens > 0
        List<Integer> pgrSteps = new ArrayList<>(), allSteps = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            if (!(c.tokens()[i] > 0) || d.seeds()[i] == 0) continue;
            allSteps.add(i);
            if (steps.get(i).pgr().defined()) pgrSteps.add(i);
        }
        Optional<SummaryCurveFit> pgrFit = ratioFit(c, steps, pgrSteps, gainDraws, gapDraws, true, o);
        String pgrReason = reason("PGR", pgrSteps.size(), allSteps.size(), pgrFit);
        Optional<SummaryCurveFit> headFit = o.fitHeadroom()
                ? ratioFit(c, steps, allSteps, gainDraws, headDenDraws, false, o) : Optional.empty();
        String headReason = reason("gain/(1-weak)", allSteps.size(), allSteps.size(), headFit);

        // the ceiling's own curve and where it crosses the weak accuracy (the mean over steps and seeds)
        Optional<SummaryCurveFit> ceilFit = Optional.empty();
        double weakLevel = Double.NaN, crossing = Double.NaN, offset = Double.NaN;
        Interval crossingCi = Interval.NONE, offsetCi = Interval.NONE;
        if (allSteps.size() >= SummaryCurveFit.MIN_STEPS) {
            int k = allSteps.size();
            double[] x = new double[k], y = new double[k], se = new double[k];
            double[][] yd = new double[b][k];
            double[] weakDraw = new double[b];
            double weakSum = 0;
            for (int j = 0; j < k; j++) {
                int i = allSteps.get(j);
                x[j] = Math.log(c.tokens()[i]);
                y[j] = steps.get(i).ceiling().value();
                Interval ci = steps.get(i).ceiling().ci();
                se[j] = (ci.high() - ci.low()) / (2 * 1.959963984540054);
                weakSum += d.point()[0][i];
                for (int r = 0; r < b; r++) {
                    yd[r][j] = d.draws()[r][1][i];
                    weakDraw[r] += d.draws()[r][0][i] / k;
                }
            }
            weakLevel = weakSum / k;
            ceilFit = SummaryCurveFit.fit(x, y, se, yd, o.confidence(), 0, o.alpha());
            if (ceilFit.isPresent()) {
                crossing = SummaryCurveFit.crossing(ceilFit.get().curve(), weakLevel);
                double[] cross = new double[b];
                double[] off = new double[b];
                for (int r = 0; r < b; r++) {
                    LogisticCurve rc = ceilFit.get().curveDraws()[r];
                    cross[r] = rc == null ? Double.NaN : SummaryCurveFit.crossing(rc, weakDraw[r]);
                    off[r] = pgrFit.isPresent() ? pgrFit.get().midDraws()[r] - cross[r] : Double.NaN;
                }
                crossingCi = Interval.percentile(cross, o.confidence());
                if (pgrFit.isPresent()) {
                    offset = pgrFit.get().curve().mid() - crossing;
                    offsetCi = Interval.percentile(off, o.confidence());
                }
            }
        }
        return new EmergenceAnalysis(c, steps, pgrFit, pgrReason, headFit, headReason, ceilFit, weakLevel, crossing,
                crossingCi, offset, offsetCi, first, corr, o);
    }

    /**
     * A ratio's per-step values are linearized in each resample, theta + (dN - theta dD) / D, so a resample with a
     * small denominator cannot throw one step's value to infinity; the weights are 1 / SE^2 of the same.
     */
    private static Optional<SummaryCurveFit> ratioFit(SeedCurves c, List<StepStats> steps, List<Integer> use,
                                                      double[][] numDraws, double[][] denDraws, boolean pgr,
                                                      Options o) {
        int k = use.size();
        if (k < SummaryCurveFit.MIN_STEPS) return Optional.empty();
        int b = numDraws[0].length;
        double[] x = new double[k], y = new double[k], se = new double[k];
        double[][] yd = new double[b][k];
        for (int j = 0; j < k; j++) {
            int i = use.get(j);
            StepStats s = steps.get(i);
            RatioInterval ri = pgr ? s.pgr() : s.headroom();
            double num = s.gain().value();
            double den = pgr ? s.gap().value() : 1 - s.weak().value();
            double theta = ri.value();
            x[j] = Math.log(c.tokens()[i]);
            y[j] = theta;
            double[] lin = new double[b];
            for (int r = 0; r < b; r++) {
                lin[r] = theta + ((numDraws[i][r] - num) - theta * (denDraws[i][r] - den)) / den;
                yd[r][j] = lin[r];
            }
            Interval ci = Interval.percentile(lin, o.confidence());
            se[j] = (ci.high() - ci.low()) / (2 * 1.959963984540054);
        }
        return SummaryCurveFit.fit(x, y, se, yd, o.confidence(), o.testResamples(), o.alpha());
    }

    private static String reason(String what, int defined, int all, Optional<SummaryCurveFit> fit) {
        if (fit.isPresent()) return "";
        if (defined < SummaryCurveFit.MIN_STEPS) {
            return String.format(java.util.Locale.ROOT, "not fitted: needs %d steps with a defined %s and tokens > 0; "
                    + "%d of %d such steps have one", SummaryCurveFit.MIN_STEPS, what, defined, all);
        }
        return String.format(java.util.Locale.ROOT, "not fitted: no logistic converged on the %d steps with a defined %s",
                defined, what);
    }

    private static Value value(double point, double[] draws, Options o) {
        return new Value(point, Double.isFinite(point) ? Interval.percentile(draws, o.confidence()) : Interval.NONE);
    }

    private static RatioInterval undefined() {
        return new RatioInterval(Double.NaN, Double.NaN, Double.NaN, false, Double.NaN, Double.NaN);
    }

    /** The step at index {@code firstStepAboveZero}, for printing. */
    public Optional<StepStats> firstStep() {
        return firstStepAboveZero.isPresent() ? Optional.of(steps.get(firstStepAboveZero.getAsInt())) : Optional.empty();
    }

    /** ln tokens range of the steps with tokens > 0. */
    public double[] lnTokenRange() {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double t : curves.tokens()) {
            if (t > 0) {
                lo = Math.min(lo, Math.log(t));
                hi = Math.max(hi, Math.log(t));
            }
        }
        return new double[] {lo, hi};
    }
}
