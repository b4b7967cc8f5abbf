package org.w2sg.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.knowm.xchart.XYChart;
import org.w2sg.probe.MetricNames;
import org.w2sg.stats.StepScale;
import org.w2sg.stats.SummaryCurveFit;

/** A run's PGR (accuracy) against tokens, one weak supervisor: the points, their interval and the fitted transition. */
public final class PgrPlot {
    private static final PgrCurve CURVE = new PgrCurve("", new Color(70, 130, 180, 60), new Color(70, 130, 180),
            new Color(31, 119, 180), new Color(214, 39, 40));

    private PgrPlot() {}

    /** Draws the plot into {@code file}, with the fitted logistic transition under {@code fitLabel} (see {@link #fitLabel}) when given. */
    public static XYChart draw(Path file, String title, List<StepSummary> rows, DoubleUnaryOperator fitted,
                               String fitLabel) throws IOException {
        XYChart c = Figure.xy(title, "tokens seen", "PGR (accuracy)");
        List<StepSummary> pts = PgrCurve.defined(rows);
        if (!pts.isEmpty()) {
            PgrAxis axis = PgrAxis.around(List.of(TokenSeries.values(pts, MetricNames.PGR_ACC)));
            axis.apply(c);
            CURVE.draw(c, pts, axis, fitted, fitLabel);
        } else {
            Figure.placeholder(c, "no step has a defined PGR (the gap's lower bound is not above 0): see gain_acc");
        }
        return Figure.save(c, file);
    }

    /**
     * The fitted curve's legend: its midpoint, or, when the fit is flagged as not supported by the data, which
     * caveat applies, so the figure is not read without it (the flags themselves are in transition.json).
     */
    static String fitLabel(SummaryCurveFit t, double[] lnRange) {
        List<String> caveats = new ArrayList<>();
        List<String> flags = t.flags(lnRange[0], lnRange[1], TransitionReport.ALPHA);
        if (flags.stream().anyMatch(f -> f.startsWith("no_clear_transition"))) caveats.add("no clear transition");
        if (flags.contains("midpoint_outside_observed_range")) caveats.add("midpoint outside the steps swept");
        else if (flags.contains("midpoint_interval_beyond_swept_range")) caveats.add("midpoint interval unbounded");
        String base = "logistic fit, midpoint " + StepScale.human(Math.exp(t.curve().mid())) + " tokens";
        return caveats.isEmpty() ? base : base + " (" + String.join("; ", caveats) + ")";
    }
}
