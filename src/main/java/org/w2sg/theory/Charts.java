package org.w2sg.theory;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** XChart plumbing shared by the synthetic plots and the report: headless PNG bytes, common series styles. */
final class Charts {
    static {
        System.setProperty("java.awt.headless", "true"); // no display here, and none needed for PNGs
    }

    private Charts() {}

    /** Matplotlib's tab10 colours, so the figures read like the rest of the run's plots. */
    static final Color[] PALETTE = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
            new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194),
            new Color(127, 127, 127)};
    static final Color GREY = new Color(127, 127, 127);

    static Color translucent(Color c) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), 60);
    }


    static XYChart chart(String title, String xTitle, String yTitle) {
        XYChart c = new XYChartBuilder().width(800).height(560).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotBackgroundColor(Color.WHITE);
        c.getStyler().setPlotGridLinesVisible(true);
        return c;
    }

    static XYSeries line(XYChart c, String name, double[] x, double[] y) {
        XYSeries s = c.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        return s;
    }

    static XYSeries dashed(XYChart c, String name, double[] x, double[] y) {
        XYSeries s = line(c, name, x, y);
        s.setLineStyle(SeriesLines.DASH_DASH);
        return s;
    }

    static XYSeries points(XYChart c, String name, double[] x, double[] y) {
        XYSeries s = c.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        return s;
    }

    static XYSeries linePoints(XYChart c, String name, double[] x, double[] y, Color color) {
        XYSeries s = c.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setLineColor(color);
        s.setMarkerColor(color);
        return s;
    }

    /** A vertical marker line at x spanning [yLo, yHi]. */
    static XYSeries vertical(XYChart c, String name, double x, double yLo, double yHi) {
        return dashed(c, name, new double[] {x, x}, new double[] {yLo, yHi});
    }

    static XYSeries horizontal(XYChart c, String name, double y, double xLo, double xHi) {
        return dashed(c, name, new double[] {xLo, xHi}, new double[] {y, y});
    }

    static double[] logSpace(double lo, double hi, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = lo * Math.pow(hi / lo, n == 1 ? 0 : (double) i / (n - 1));
        return v;
    }

    static byte[] png(XYChart c) {
        try {
            return BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Charts on a grid of rows x columns in one PNG, filled row by row. */
    static byte[] png(List<XYChart> charts, int rows, int columns) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BitmapEncoder.saveBitmap(charts, rows, columns, out, BitmapEncoder.BitmapFormat.PNG);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Several charts side by side in one PNG. */
    static byte[] png(List<XYChart> charts) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BitmapEncoder.saveBitmap(charts, 1, charts.size(), out, BitmapEncoder.BitmapFormat.PNG);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) if (Double.isFinite(x)) m = Math.min(m, x);
        return m;
    }

    static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) if (Double.isFinite(x)) m = Math.max(m, x);
        return m;
    }
}
