package org.w2sg.chart;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.function.Function;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/**
 * A logarithmic x axis of counts (tokens, steps) whose tick labels read "10M", "1B" instead of XChart's "1E9".
 *
 * <p>XChart's log axis formats its ticks with a DecimalFormat pattern only ("0E0" above 1000), and its custom tick
 * formatter replaces the log tick calculator with a linear one (ticks spaced linearly while the data stay on the log
 * scale: the labels then lie). So a finished chart is redrawn on a linear axis over log10(x): the data keep their
 * log positions and the linear ticks, at log10 values, are labelled with the counts they stand for.
 */
public final class TokenAxis {
    private static final String[] UNITS = {"", "K", "M", "B", "T"};

    private TokenAxis() {}

    /**
     * Moves every series of {@code c}, built on a log x axis, to log10(x) on a linear axis labelled in counts. Call it
     * once, after the last series is added and before the chart is drawn.
     */
    public static void readable(XYChart c) {
        if (!c.getStyler().isXAxisLogarithmic()) {
            throw new IllegalStateException("the chart's x axis is not logarithmic (or was already made readable)");
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (XYSeries s : c.getSeriesMap().values()) {
            double[] x = s.getXData();
            double[] lx = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                if (!(x[i] > 0)) throw new IllegalArgumentException("series '" + s.getName() + "' has x = " + x[i] + " on a log axis");
                lx[i] = Math.log10(x[i]);
                lo = Math.min(lo, lx[i]);
                hi = Math.max(hi, lx[i]);
            }
            c.updateXYSeries(s.getName(), lx, s.getYData(), s.getExtraValues());
        }
        c.getStyler().setXAxisLogarithmic(false);
        c.getStyler().setxAxisTickLabelsFormattingFunction(formatter(lo, hi));
    }

    /**
     * Labels for ticks at log10 values: two significant digits, or as many more as it takes for the axis' two ends
     * to read differently (XChart draws no ticks at all when they do not).
     */
    static Function<Double, String> formatter(double lo, double hi) {
        int digits = 2;
        while (Double.isFinite(lo) && lo < hi && digits < 6 && label(lo, digits).equals(label(hi, digits))) digits++;
        int d = digits;
        return v -> label(v, d);
    }

    /** The count 10^log10 in K, M, B, T with {@code digits} significant digits: 1.0e9 is "1B", 10^6.5 "3.2M". */
    public static String label(double log10, int digits) {
        double v = Math.pow(10, log10);
        if (!Double.isFinite(v) || v <= 0) return "";
        BigDecimal r = new BigDecimal(v).round(new MathContext(digits));
        int unit = 0;
        while (unit < UNITS.length - 1 && r.compareTo(BigDecimal.valueOf(1000)) >= 0) {
            r = r.movePointLeft(3);
            unit++;
        }
        return r.stripTrailingZeros().toPlainString() + UNITS[unit];
    }
}
