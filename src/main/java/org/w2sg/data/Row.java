package org.w2sg.data;

import java.util.Map;

/** One raw record of a dataset file: where it came from (for error messages and ids) and its named fields. */
public record Row(String file, int index, long line, Map<String, String> values) {
    /** {@code file:row}, the example id. */
    public String id() {
        return file + ":" + index;
    }

    public String where() {
        return file + " line " + line + " (data row " + index + ")";
    }

    public String get(String column) {
        String v = values.get(column);
        if (v == null) throw new DatasetException(where() + ": no value for column '" + column + "'");
        return v;
    }
}
