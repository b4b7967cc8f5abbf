package org.w2sg.theory;

import java.util.List;

/** Tidy CSV text: a header line, one line per row; undefined numbers are empty cells. */
final class Csv {
    private Csv() {}

    /** Shortest text that reads back to the same double (deterministic), empty for NaN. */
    static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    static String table(List<String> header, List<List<String>> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.join(",", header)).append('\n');
        for (List<String> row : rows) sb.append(String.join(",", row)).append('\n');
        return sb.toString();
    }
}
