package org.w2sg.stats;

import java.util.Arrays;

/** The one sample quantile every interval here uses: linear interpolation between order statistics (numpy's default). */
public final class Quantile {
    private Quantile() {}

    /** The q-quantile (0 &lt;= q &lt;= 1) of unsorted values. */
    public static double of(double[] values, double q) {
        double[] s = values.clone();
        Arrays.sort(s);
        return ofSorted(s, q);
    }

    /** The q-quantile of values already in ascending order. */
    public static double ofSorted(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
