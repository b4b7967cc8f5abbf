package org.w2sg.report;

import java.awt.Color;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * One weak supervisor's curve in a plot of several: its rows, fitted transition (or null) and the fit's label.
 * A supervisor keeps its colour, by its place in the list, in every plot of the run.
 */
public record SupervisorCurve(String weak, List<StepSummary> rows, DoubleUnaryOperator fitted, String fitLabel) {
    private static final Color[] COLORS = {new Color(31, 119, 180), new Color(255, 127, 14),
            new Color(44, 160, 44), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194),
            new Color(23, 190, 207), new Color(188, 189, 34)};

    /** The colour of the {@code i}th supervisor, with {@code alpha} (255 opaque). */
    static Color color(int i, int alpha) {
        Color c = COLORS[i % COLORS.length];
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }
}
