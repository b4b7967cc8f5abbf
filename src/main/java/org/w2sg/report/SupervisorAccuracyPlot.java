package org.w2sg.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.w2sg.probe.MetricNames;

/** Accuracy on T against tokens for a run swept with several weak supervisors. */
public final class SupervisorAccuracyPlot {
    private SupervisorAccuracyPlot() {}

    /**
     * Draws into {@code file} the ceiling (gold probe, the same for every supervisor) once, then per supervisor its own
     * accuracy (dashed) and the weak-to-strong probe's (solid), in its colour.
     */
    public static XYChart draw(Path file, String title, List<SupervisorCurve> curves) throws IOException {
        XYChart c = Figure.xy(title, "tokens seen", "accuracy on T");
        boolean any = false;
        if (!curves.isEmpty()) {
            List<StepSummary> ceiling = TokenSeries.defined(curves.get(0).rows(), MetricNames.CEILING_ACC);
            if (!ceiling.isEmpty()) {
                any = true;
                XYSeries s = c.addSeries("ceiling (gold probe)", TokenSeries.tokens(ceiling),
                        TokenSeries.values(ceiling, MetricNames.CEILING_ACC));
                s.setMarker(SeriesMarkers.CIRCLE);
                s.setLineColor(Color.BLACK);
                s.setMarkerColor(Color.BLACK);
            }
        }
        for (int k = 0; k < curves.size(); k++) {
            SupervisorCurve sc = curves.get(k);
            for (String name : List.of(MetricNames.WEAK_ACC, MetricNames.W2S_ACC)) {
                List<StepSummary> pts = TokenSeries.defined(sc.rows(), name);
                if (pts.isEmpty()) continue;
                any = true;
                boolean weak = name.equals(MetricNames.WEAK_ACC);
                XYSeries s = c.addSeries((weak ? "weak " : "weak-to-strong from ") + sc.weak(), TokenSeries.tokens(pts),
                        TokenSeries.values(pts, name));
                s.setMarker(weak ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
                s.setLineColor(SupervisorCurve.color(k, 255));
                s.setMarkerColor(SupervisorCurve.color(k, 255));
                if (weak) s.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {4f, 4f}, 0f));
            }
        }
        if (!any) Figure.placeholder(c);
        return Figure.save(c, file);
    }
}
