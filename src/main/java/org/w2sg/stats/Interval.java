package org.w2sg.stats;

import java.util.Arrays;

/** A two-sided interval; NaN bounds when nothing could be computed. */
public record Interval(double low, double high) {
    public static final Interval NONE = new Interval(Double.NaN, Double.NaN);

    /** Percentile interval of the finite values. */
    public static Interval percentile(double[] values, double confidence) {
        double[] v = Arrays.stream(values).filter(Double::isFinite).toArray();
        if (v.length == 0) return NONE;
        Arrays.sort(v);
        double a = (1 - confidence) / 2;
        return new Interval(sorted(v, a), sorted(v, 1 - a));
    }

    public boolean contains(double x) {
        return low <= x && x <= high;
    }

    public boolean finite() {
        return Double.isFinite(low) && Double.isFinite(high);
    }

    static double sorted(double[] s, double q) {
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, s.length - 1);
        return s[lo] + (pos - lo) * (s[hi] - s[lo]);
    }
}
