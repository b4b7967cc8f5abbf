package org.w2sg.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.w2sg.chart.TokenAxis;
import org.w2sg.io.AtomicFiles;

/**
 * The frame every PNG figure of a run shares (XChart, headless): its size, a white log-token axis, the placeholder of
 * an empty figure, and the atomic write. Token axes are logarithmic, so step 0 (no tokens seen) is left off them.
 */
final class Figure {
    static final int WIDTH = 900;
    static final int HEIGHT = 560;

    private Figure() {}

    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** A white chart {@code width} wide with a logarithmic x axis. */
    static XYChart xy(int width, String title, String xTitle, String yTitle) {
        XYChart c = new XYChartBuilder().width(width).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotBackgroundColor(Color.WHITE);
        return c;
    }

    /** The run's usual figure: {@link #WIDTH} wide, logarithmic x axis, legend top left. */
    static XYChart xy(String title, String xTitle, String yTitle) {
        XYChart c = xy(WIDTH, title, xTitle, yTitle);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        c.getStyler().setXAxisLabelRotation(0);
        return c;
    }

    static HeatMapChart heatMap(String title, String xTitle, String yTitle) {
        return new HeatMapChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle)
                .build();
    }

    static void placeholder(XYChart c) {
        placeholder(c, "no defined values yet");
    }

    static void placeholder(XYChart c, String label) {
        // XChart cannot draw an empty log axis; one invisible point keeps the frame and the title.
        XYSeries s = c.addSeries(label, new double[] {1}, new double[] {0});
        s.setMarker(SeriesMarkers.NONE);
    }

    /** Draws the chart, its token axis labelled "10M", "1B", into {@code file}; returns the chart drawn. */
    static XYChart save(XYChart c, Path file) throws IOException {
        TokenAxis.readable(c);
        write(c, file);
        return c;
    }

    static void write(Chart<?, ?> c, Path file) throws IOException {
        AtomicFiles.writeBytes(file, BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG));
    }
}
