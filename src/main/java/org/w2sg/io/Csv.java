package org.w2sg.io;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;

/**
 * The one CSV writer: RFC 4180 cells (quoted when they hold a comma, quote or line break) and the two number formats the
 * tables use, so the same results always give the same bytes.
 */
public final class Csv {
    private Csv() {}

    public static String row(List<String> cells) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) b.append(',');
            b.append(cell(cells.get(i)));
        }
        return b.append('\n').toString();
    }

    public static String cell(String s) {
        if (s == null) return "";
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** Significant digits a table keeps: far below any statistical resolution of these metrics, above float noise. */
    public static final int DIGITS = 8;
    private static final MathContext ROUND = new MathContext(DIGITS, RoundingMode.HALF_EVEN);

    /**
     * A number as the tables write it: the exact binary value rounded to {@link #DIGITS} significant digits (half
     * even), in its shortest form, so float noise disappears ({@code 0.7}, not {@code 0.6999999999999998};
     * {@code 100}, not {@code 100.0}); plain decimal from 1e-7 to 1e12, else {@code 1.2345E-9} style. A function of
     * the value alone, so the same results always give the same bytes. Empty when undefined.
     */
    public static String num(Double v) {
        if (v == null || v.isNaN() || v.isInfinite()) return "";
        if (v == 0) return "0"; // also -0.0
        BigDecimal d = new BigDecimal(v).round(ROUND).stripTrailingZeros();
        int exponent = d.precision() - d.scale() - 1; // d = m * 10^exponent with 1 <= |m| < 10
        return exponent >= -7 && exponent < 12 ? d.toPlainString() : d.toString();
    }

    /** The shortest text that reads back to the same double (deterministic), empty for NaN. */
    public static String exact(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    /** A header line and one line per row. */
    public static String table(List<String> header, List<List<String>> rows) {
        StringBuilder sb = new StringBuilder(row(header));
        for (List<String> r : rows) sb.append(row(r));
        return sb.toString();
    }
}
