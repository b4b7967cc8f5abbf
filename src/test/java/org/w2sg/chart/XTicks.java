package org.w2sg.chart;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.AxisPair;
import org.knowm.xchart.internal.chartpart.AxisTickCalculator;
import org.knowm.xchart.internal.chartpart.Chart;

/** The x-axis ticks XChart drew on a chart (label and pixel position), read back after the chart was drawn. */
public record XTicks(List<String> labels, List<Double> locations) {
    /** Reads the ticks of the chart's last drawing (XChart computes them while painting; it does not expose them). */
    public static XTicks of(XYChart c) throws ReflectiveOperationException {
        Method pair = Chart.class.getDeclaredMethod("getAxisPair");
        pair.setAccessible(true);
        AxisTickCalculator t = ((AxisPair<?, ?>) pair.invoke(c)).getXAxis().getAxisTickCalculator();
        List<String> labels = new ArrayList<>();
        List<Double> locations = new ArrayList<>();
        for (int i = 0; i < t.getTickLabels().size(); i++) {
            String l = t.getTickLabels().get(i);
            if (l == null || l.isEmpty()) continue;
            labels.add(l);
            locations.add(t.getTickLocations().get(i));
        }
        return new XTicks(labels, locations);
    }

    /** The pixel position of the tick labelled {@code label}. */
    public double at(String label) {
        int i = labels.indexOf(label);
        if (i < 0) throw new AssertionError("no tick '" + label + "' among " + labels);
        return locations.get(i);
    }
}
