package org.w2sg.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.w2sg.probe.MetricNames;

/** A run's weak, ceiling and weak-to-strong accuracy on T against tokens, one weak supervisor. */
public final class AccuracyPlot {
    private static final String[] METRICS = {MetricNames.WEAK_ACC, MetricNames.CEILING_ACC, MetricNames.W2S_ACC};
    private static final String[] LABELS = {"weak supervisor", "ceiling (gold probe)", "weak-to-strong"};
    private static final Color[] COLORS = {new Color(127, 127, 127), new Color(44, 160, 44), new Color(31, 119, 180)};

    private AccuracyPlot() {}

    public static XYChart draw(Path file, String title, List<StepSummary> rows) throws IOException {
        XYChart c = Figure.xy(title, "tokens seen", "accuracy on T");
        boolean any = false;
        for (int k = 0; k < METRICS.length; k++) {
            List<StepSummary> pts = TokenSeries.defined(rows, METRICS[k]);
            if (pts.isEmpty()) continue;
            any = true;
            XYSeries s = c.addSeries(LABELS[k], TokenSeries.tokens(pts), TokenSeries.values(pts, METRICS[k]));
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineColor(COLORS[k]);
            s.setMarkerColor(COLORS[k]);
        }
        if (!any) Figure.placeholder(c);
        return Figure.save(c, file);
    }
}
