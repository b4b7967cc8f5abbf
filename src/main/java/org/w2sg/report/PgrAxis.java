package org.w2sg.report;

import java.util.List;
import org.knowm.xchart.XYChart;

/**
 * The y range of a PGR plot: it follows the points, from min(-1, lowest - 0.5) to max(1.5, highest + 0.5), not
 * their intervals. A Fieller interval over a ceiling-weak gap just above 0 can reach PGR -20 and would flatten every
 * curve on the plot; such a band is cut at the plot's edge and its legend says so.
 */
record PgrAxis(double min, double max) {
    /** The caveat a cut band's legend carries: the figure shows less than the interval. */
    static final String CUT = "cut at the plot's edge; full bounds in summary.csv";

    /** The range around every point of every curve the plot draws (each array one curve's PGR values). */
    static PgrAxis around(List<double[]> curves) {
        double lowest = Double.POSITIVE_INFINITY;
        double highest = Double.NEGATIVE_INFINITY;
        for (double[] v : curves) {
            for (double x : v) {
                lowest = Math.min(lowest, x);
                highest = Math.max(highest, x);
            }
        }
        if (lowest > highest) throw new IllegalArgumentException("no PGR point to put an axis around");
        return new PgrAxis(Math.min(-1, lowest - 0.5), Math.max(1.5, highest + 0.5));
    }

    /** Cuts the bounds to the axis, in place; true when any of them went past it. */
    boolean cut(double[] lo, double[] hi) {
        boolean cut = false;
        for (int i = 0; i < lo.length; i++) {
            cut |= lo[i] < min || hi[i] > max;
            lo[i] = Math.max(lo[i], min);
            hi[i] = Math.min(hi[i], max);
        }
        return cut;
    }

    void apply(XYChart c) {
        c.getStyler().setYAxisMin(min).setYAxisMax(max);
    }

    /** A band's legend name, with the caveat when it was cut. */
    static String bandName(String name, boolean cut) {
        return cut ? name + " (" + CUT + ")" : name;
    }
}
