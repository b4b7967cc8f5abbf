package org.w2sg.theory;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** Reading a run's tidy tables (emergence.csv, summary.csv) the same way in every theory-side reader. */
final class TidyRows {
    /** Header row named, cells trimmed. */
    static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get();

    private TidyRows() {}

    /** The cell, or "" when the table has no such column (older tables lack e.g. {@code weak}). */
    static String get(CSVRecord rec, String column) {
        return rec.isMapped(column) ? rec.get(column) : "";
    }

    /** An empty or unreadable cell is undefined (NaN), as the tables write undefined values. */
    static double number(String s) {
        if (s == null || s.isEmpty()) return Double.NaN;
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
