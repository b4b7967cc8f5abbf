package org.w2sg.report;

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

    /** Shortest decimal that reads back as the same double (Java's Double.toString); empty when undefined. */
    static String num(Double v) {
        return v == null || v.isNaN() || v.isInfinite() ? "" : Double.toString(v);
    }
}
