package org.w2sg.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Converts between training steps and tokens seen by log-log interpolation between a sweep's swept (step, tokens)
 * pairs, extrapolating with slope 1 beyond them: fits are against ln tokens, readers also want the step.
 */
public final class StepScale {
    private StepScale() {}

    /** Tokens seen at a training step. */
    public static double tokensAt(long[] steps, double[] tokens, double step) {
        return interpolate(steps, tokens, Math.log(step), true);
    }

    /** The training step at ln tokens. */
    public static double stepAt(long[] steps, double[] tokens, double lnTokens) {
        return interpolate(steps, tokens, lnTokens, false);
    }

    /** Token counts as 2.10B. */
    public static String human(double tokens) {
        if (!Double.isFinite(tokens)) return "?";
        if (Math.abs(tokens) >= 1e15) return String.format(Locale.ROOT, "%.3g", tokens);
        String[] units = {"", "K", "M", "B", "T"};
        double v = tokens;
        int i = 0;
        while (Math.abs(v) >= 1000 && i < units.length - 1) {
            v /= 1000;
            i++;
        }
        return String.format(Locale.ROOT, i == 0 ? "%.0f%s" : "%.2f%s", v, units[i]);
    }

    private static double interpolate(long[] steps, double[] tokens, double lnFrom, boolean fromSteps) {
        List<double[]> pairs = new ArrayList<>();
        for (int i = 0; i < steps.length; i++) {
            if (steps[i] > 0 && tokens[i] > 0) {
                double ls = Math.log(steps[i]), lt = Math.log(tokens[i]);
                pairs.add(fromSteps ? new double[] {ls, lt} : new double[] {lt, ls});
            }
        }
        if (pairs.isEmpty() || !Double.isFinite(lnFrom)) return Double.NaN;
        pairs.sort((p, q) -> Double.compare(p[0], q[0]));
        if (lnFrom <= pairs.getFirst()[0]) return Math.exp(pairs.getFirst()[1] + lnFrom - pairs.getFirst()[0]);
        if (lnFrom >= pairs.getLast()[0]) return Math.exp(pairs.getLast()[1] + lnFrom - pairs.getLast()[0]);
        for (int i = 1; i < pairs.size(); i++) {
            double[] lo = pairs.get(i - 1), hi = pairs.get(i);
            if (lnFrom <= hi[0]) {
                double f = hi[0] > lo[0] ? (lnFrom - lo[0]) / (hi[0] - lo[0]) : 0;
                return Math.exp(lo[1] + f * (hi[1] - lo[1]));
            }
        }
        return Double.NaN;
    }
}
