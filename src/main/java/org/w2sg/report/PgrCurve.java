package org.w2sg.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.w2sg.chart.Band;
import org.w2sg.probe.MetricNames;

/**
 * One PGR (accuracy) curve on a PGR plot: its 95% interval (a band, or a bar where one step is defined), cut to the
 * plot's {@link PgrAxis}; its points; and, when there is one, its fitted logistic transition dashed.
 *
 * @param name       what follows each series' name in the legend ("" alone on a plot, ", weak W" beside others)
 * @param band       the band's fill
 * @param bar        the bar's colour, where one step is defined
 * @param line       the points' and their line's colour
 * @param fit        the fitted curve's colour
 */
record PgrCurve(String name, Color band, Color bar, Color line, Color fit) {
    /** The steps a PGR curve has: tokens seen and a defined PGR. */
    static List<StepSummary> defined(List<StepSummary> rows) {
        return TokenSeries.defined(rows, MetricNames.PGR_ACC);
    }

    /** Adds the curve of {@code pts} (from {@link #defined}, not empty) to {@code c}. */
    void draw(XYChart c, List<StepSummary> pts, PgrAxis axis, DoubleUnaryOperator fitted, String fitLabel) {
        double[] x = TokenSeries.tokens(pts);
        double[] lo = TokenSeries.lows(pts, MetricNames.PGR_ACC);
        double[] hi = TokenSeries.highs(pts, MetricNames.PGR_ACC);
        String bandName = PgrAxis.bandName("95% CI" + name, axis.cut(lo, hi));
        if (x.length == 1) {
            // one defined step: a band of one point draws nothing, so its interval is a vertical bar
            XYSeries s = c.addSeries(bandName, new double[] {x[0], x[0]}, new double[] {lo[0], hi[0]});
            s.setMarker(SeriesMarkers.RECTANGLE);
            s.setLineColor(bar);
            s.setMarkerColor(bar); // else XChart's next colour in turn: another supervisor's, or none of them
        } else {
            Band.add(c, bandName, x, lo, hi, band);
        }
        XYSeries s = c.addSeries("PGR" + name, x, TokenSeries.values(pts, MetricNames.PGR_ACC));
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setLineColor(line);
        s.setMarkerColor(line);
        if (fitted == null) return;
        double[] gx = logGrid(x[0], x[x.length - 1], 200);
        double[] gy = new double[gx.length];
        for (int i = 0; i < gx.length; i++) gy[i] = fitted.applyAsDouble(gx[i]);
        XYSeries f = c.addSeries((fitLabel == null ? "logistic fit" : fitLabel) + name, gx, gy);
        f.setMarker(SeriesMarkers.NONE);
        f.setLineColor(fit);
        f.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {8f, 5f}, 0f));
    }

    private static double[] logGrid(double from, double to, int n) {
        double a = Math.log(from);
        double b = Math.log(Math.max(to, from * 1.0001));
        double[] g = new double[n];
        for (int i = 0; i < n; i++) g[i] = Math.exp(a + (b - a) * i / (n - 1));
        return g;
    }
}
