package org.w2sg.sweep;

import java.util.List;

/** The rows of a store entry that belong to one part of a split (A, B or T), in the split's order. */
final class Rows {
    private Rows() {}

    static float[][] take(float[][] x, int[] rows) {
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) out[i] = x[rows[i]];
        return out;
    }

    static List<String> take(List<String> x, int[] rows) {
        String[] out = new String[rows.length];
        for (int i = 0; i < rows.length; i++) out[i] = x.get(rows[i]);
        return List.of(out);
    }

    static int[] take(int[] x, int[] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) out[i] = x[rows[i]];
        return out;
    }
}
