package org.w2sg.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.w2sg.geometry.GeometryResult;
import org.w2sg.probe.MetricNames;

/**
 * The geometry metrics against tokens beside PGR and gain / (1 - weak) (seed means): alignments, shares, accuracies
 * and the AUC on the left axis (all on a 0-1 scale), d' and the top eigenvalue over the Marchenko-Pastur edge
 * (dashed) on the right.
 */
public final class GeometryPlot {
    private GeometryPlot() {}

    public static void draw(Path file, String title, List<StepSummary> rows) throws IOException {
        XYChart c = Figure.xy(Figure.WIDTH + 300, title, "tokens seen", "|cos|, share, accuracy, AUC");
        c.setYAxisGroupTitle(1, "d', top eigenvalue / MP edge (dashed)");
        c.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        c.setYAxisGroupTitle(2, "PGR, gain/(1-weak) (thick)");
        c.getStyler().setYAxisGroupPosition(2, Styler.YAxisPosition.Left);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        boolean any = false;
        for (String n : series(rows)) {
            List<StepSummary> pts = TokenSeries.defined(rows, n);
            if (pts.isEmpty()) continue;
            any = true;
            String label = n.equals(MetricNames.PGR_ACC) ? "PGR" : n.equals(StepSummary.HEADROOM_ACC) ? "gain/(1-weak)"
                    : n.substring(GeometryResult.PREFIX.length());
            XYSeries s = c.addSeries(label, TokenSeries.tokens(pts), TokenSeries.values(pts, n));
            s.setMarker(SeriesMarkers.CIRCLE);
            if (n.equals(GeometryResult.FISHER_DPRIME) || n.equals(GeometryResult.TOP_OVER_EDGE)) {
                s.setYAxisGroup(1);
                s.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f));
            }
            if (n.equals(MetricNames.PGR_ACC) || n.equals(StepSummary.HEADROOM_ACC)) {
                s.setYAxisGroup(2); // their own axis: gain/(1-weak) is often far below 0, which would squash the rest
                Color k = n.equals(MetricNames.PGR_ACC) ? Color.BLACK : Color.GRAY;
                s.setLineColor(k);
                s.setMarkerColor(k);
                s.setLineStyle(new BasicStroke(3f));
            }
        }
        if (!any) Figure.placeholder(c);
        Figure.save(c, file);
    }

    /** PGR, gain/(1-weak), then the geometry metrics less the redundant ones (one few-shot size, two PC probes). */
    static List<String> series(List<StepSummary> rows) {
        List<String> names = new ArrayList<>(List.of(MetricNames.PGR_ACC, StepSummary.HEADROOM_ACC));
        if (rows.isEmpty()) return names;
        List<String> geo = rows.get(0).metrics().keySet().stream().filter(GeometrySummary::isGeometry).toList();
        List<String> fewShot = geo.stream().filter(n -> n.matches("geo_fewshot\\d+_acc")).toList();
        List<String> pcProbes = geo.stream().filter(n -> n.matches("geo_pc\\d+_probe_acc")).toList();
        for (String n : geo) {
            if (n.equals(GeometryResult.OUTLIERS)) continue;
            if (fewShot.contains(n) && !n.equals(fewShot.getLast())) continue;
            if (pcProbes.contains(n) && !n.equals(pcProbes.getFirst()) && !n.equals(pcProbes.getLast())) continue;
            names.add(n);
        }
        return names;
    }
}
