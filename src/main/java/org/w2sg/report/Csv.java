package org.w2sg.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;

/** RFC 4180 CSV cells with one number format, so the same results always give the same bytes. */
final class Csv {
    private Csv() {}

    static String row(List<String> cells) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) b.append(',');
            b.append(cell(cells.get(i)));
        }
        return b.append('\n').toString();
    }

    static String cell(String s) {
        if (s == null) return "";
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** Significant digits a table keeps: far below any statistical resolution of these metrics, above float noise. */
    static final int DIGITS = 8;
    private static final MathContext ROUND = new MathContext(DIGITS, RoundingMode.HALF_EVEN);

    /**
     * A number as the tables write it: the exact binary value rounded to {@link #DIGITS} significant digits (half
     * even), in its shortest form, so float noise disappears ({@code 0.7}, not {@code 0.6999999999999998};
     * {@code 100}, not {@code 100.0}); plain decimal from 1e-7 to 1e12, else {@code 1.2345E-9} style. A function of
     * the value alone, so the same results always give the same bytes. Empty when undefined.
     */
    static String num(Double v) {
        if (v == null || v.isNaN() || v.isInfinite()) return "";
        if (v == 0) return "0"; // also -0.0
        BigDecimal d = new BigDecimal(v).round(ROUND).stripTrailingZeros();
        int exponent = d.precision() - d.scale() - 1; // d = m * 10^exponent with 1 <= |m| < 10
        return exponent >= -7 && exponent < 12 ? d.toPlainString() : d.toString();
    }
}
