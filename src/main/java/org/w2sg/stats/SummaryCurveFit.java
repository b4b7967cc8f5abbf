package org.w2sg.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A logistic fitted to per-step summaries (one value per step, weighted by 1 / SE^2, so the degrees of freedom are
 * steps, not steps x seeds), refitted from the same grid of starts on every {@link ClusterBootstrap} resample of the
 * summaries, and tested for a transition by a parametric bootstrap: the statistic (weighted SSE of the null minus
 * that of the logistic) is compared with its distribution when the resampled noise is added to the fitted null, once
 * for a constant and once for a straight line in ln tokens. A transition is present when the logistic beats both.
 *
 * @param curve           the full-data fit (x = ln tokens)
 * @param steps           steps the fit used
 * @param curveDraws    every resample's refit (null where it failed)
 * @param midDraws        the midpoint of every resample's refit (NaN where it failed), for joint intervals
 * @param midCi           percentile interval of the midpoint (ln tokens)
 * @param bottomCi        of the left asymptote
 * @param topCi           of the right asymptote
 * @param widthCi         of the width
 * @param rejected        resamples whose refit did not converge (left out of the intervals)
 * @param pVsConstant     parametric-bootstrap p of the logistic against a constant (NaN when not tested)
 * @param pVsLine         the same against a straight line in ln tokens
 * @param pLineVsConstant the line against a constant (for "which wins" when there is no transition)
 * @param winner          "logistic", "line" or "constant"
 */
public record SummaryCurveFit(LogisticCurve curve, int steps, LogisticCurve[] curveDraws, double[] midDraws, Interval midCi, Interval bottomCi,
                              Interval topCi, Interval widthCi, int rejected, double pVsConstant, double pVsLine,
                              double pLineVsConstant, String winner) {
    /** Steps a fit needs: the 4 parameters and one degree of freedom left for the test. */
    public static final int MIN_STEPS = 5;

    public boolean transitionPresent(double alpha) {
        return pVsConstant < alpha && pVsLine < alpha;
    }

    /**
     * @param x       ln tokens per step
     * @param y       the per-step summary
     * @param se      its standard error per step (from the same resamples)
     * @param yDraws  {@code yDraws[b][i]}: resample b's value at step i
     * @param testResamples how many of the resamples the transition test uses (0: no test)
     */
    public static Optional<SummaryCurveFit> fit(double[] x, double[] y, double[] se, double[][] yDraws,
                                                double confidence, int testResamples, double alpha) {
        int m = x.length;
        if (m < MIN_STEPS) return Optional.empty();
        double[] w = new double[m];
        double floor = 0;
        for (double s : se) if (Double.isFinite(s)) floor = Math.max(floor, s * 1e-3);
        for (int i = 0; i < m; i++) {
            double s = Double.isFinite(se[i]) ? Math.max(se[i], floor) : 0;
            w[i] = s > 0 ? 1 / (s * s) : 1e12;
        }
        Optional<WeightedCurves.Fit> main = WeightedCurves.logistic(x, y, w, null);
        if (main.isEmpty()) return Optional.empty();
        LogisticCurve c = main.get().curve();
        int b = yDraws.length;
        double[] mids = new double[b], bottoms = new double[b], tops = new double[b], widths = new double[b];
        LogisticCurve[] curves = new LogisticCurve[b];
        int rejected = 0;
        for (int r = 0; r < b; r++) {
            Optional<WeightedCurves.Fit> f = WeightedCurves.logistic(x, yDraws[r], w, c);
            if (f.isEmpty()) {
                rejected++;
                mids[r] = bottoms[r] = tops[r] = widths[r] = Double.NaN;
                continue;
            }
            LogisticCurve rc = f.get().curve();
            curves[r] = rc;
            mids[r] = rc.mid();
            bottoms[r] = rc.bottom();
            tops[r] = rc.top();
            widths[r] = rc.width();
        }
        double pc = Double.NaN, pl = Double.NaN, plc = Double.NaN;
        String winner = "";
        int t = Math.min(testResamples, b);
        if (t > 0) {
            double sseLogit = main.get().sse();
            double sseConst = WeightedCurves.constantSse(y, w);
            double sseLine = WeightedCurves.lineSse(x, y, w);
            double statC = sseConst - sseLogit, statL = sseLine - sseLogit, statLC = sseConst - sseLine;
            double constant = WeightedCurves.constant(y, w);
            double[] ab = WeightedCurves.line(x, y, w);
            int geC = 0, geL = 0, geLC = 0, usedC = 0, usedL = 0;
            double[] yc = new double[m], yl = new double[m];
            for (int r = 0; r < t; r++) {
                for (int i = 0; i < m; i++) {
                    double dev = yDraws[r][i] - y[i];
                    yc[i] = constant + dev;
                    yl[i] = ab[0] + ab[1] * x[i] + dev;
                }
                double sc = WeightedCurves.constantSse(yc, w);
                if (sc - WeightedCurves.lineSse(x, yc, w) >= statLC) geLC++;
                Optional<WeightedCurves.Fit> fc = WeightedCurves.logistic(x, yc, w, null);
                if (fc.isPresent()) {
                    usedC++;
                    if (sc - Math.min(fc.get().sse(), sc) >= statC) geC++;
                }
                Optional<WeightedCurves.Fit> fl = WeightedCurves.logistic(x, yl, w, null);
                if (fl.isPresent()) {
                    usedL++;
                    double sl = WeightedCurves.lineSse(x, yl, w);
                    if (sl - Math.min(fl.get().sse(), sl) >= statL) geL++;
                }
            }
            pc = (1.0 + geC) / (usedC + 1.0);
            pl = (1.0 + geL) / (usedL + 1.0);
            plc = (1.0 + geLC) / (t + 1.0);
            winner = pc < alpha && pl < alpha ? "logistic" : plc < alpha ? "line" : "constant";
        }
        return Optional.of(new SummaryCurveFit(c, m, curves, mids, Interval.percentile(mids, confidence),
                Interval.percentile(bottoms, confidence), Interval.percentile(tops, confidence),
                Interval.percentile(widths, confidence), rejected, pc, pl, plc, winner));
    }

    /** Where the curve equals {@code level} (ln tokens); NaN when the level is not between its asymptotes. */
    public static double crossing(LogisticCurve c, double level) {
        double lo = Math.min(c.bottom(), c.top()), hi = Math.max(c.bottom(), c.top());
        if (!(level > lo && level < hi)) return Double.NaN;
        return c.mid() + c.width() * Math.log((level - c.bottom()) / (c.top() - level));
    }

    /** Flags a reader needs beside the numbers. */
    public List<String> flags(double xMin, double xMax, double alpha) {
        List<String> f = new ArrayList<>();
        if (curve.mid() < xMin || curve.mid() > xMax) f.add("midpoint_outside_observed_range");
        if (!(midCi.low() >= xMin && midCi.high() <= xMax)) f.add("midpoint_interval_beyond_swept_range");
        if (!Double.isNaN(pVsConstant) && !transitionPresent(alpha)) f.add("no_clear_transition: " + winner + " fits as well");
        if (rejected > 0) f.add("refits_rejected: " + rejected);
        return f;
    }
}
