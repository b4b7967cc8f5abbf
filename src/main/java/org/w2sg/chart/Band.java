package org.w2sg.chart;

import java.awt.Color;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The one confidence band every figure draws (the sweep's plots and the theory's charts). */
public final class Band {
    private Band() {}

    /** A filled polygon between lo and hi: out along the upper bounds, back along the lower ones; no outline. */
    public static XYSeries add(XYChart c, String name, double[] x, double[] lo, double[] hi, Color fill) {
        int n = x.length;
        double[] px = new double[2 * n];
        double[] py = new double[2 * n];
        for (int i = 0; i < n; i++) {
            px[i] = x[i];
            py[i] = hi[i];
            px[2 * n - 1 - i] = x[i];
            py[2 * n - 1 - i] = lo[i];
        }
        XYSeries s = c.addSeries(name, px, py);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        s.setMarker(SeriesMarkers.NONE);
        s.setFillColor(fill);
        s.setLineColor(new Color(0, 0, 0, 0));
        return s;
    }
}
