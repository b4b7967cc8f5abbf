package org.w2sg.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.style.Styler;
import org.w2sg.probe.MetricNames;

/**
 * Ceiling (gold-probe) accuracy per layer (rows) and step (columns). Its axis is the list of steps, so step 0 (no
 * tokens seen) is on it, unlike on the token axes of the other figures.
 */
public final class CeilingHeatMap {
    /** More step columns than this and the heat map labels only some of them. */
    private static final int MAX_STEP_LABELS = 16;

    private CeilingHeatMap() {}

    public static void draw(Path file, String title, List<StepSummary> rows) throws IOException {
        TreeMap<Long, String> steps = new TreeMap<>();
        TreeSet<Integer> layers = new TreeSet<>();
        for (StepSummary s : rows) {
            steps.putIfAbsent(s.step(), s.revision());
            layers.add(s.layer());
        }
        List<Long> stepList = new ArrayList<>(steps.keySet());
        List<Integer> layerList = new ArrayList<>(layers);
        List<Number[]> cells = new ArrayList<>();
        double min = 1;
        double max = 0;
        for (StepSummary s : rows) {
            Double v = s.metric(MetricNames.CEILING_ACC).value();
            if (v == null) continue;
            cells.add(new Number[] {stepList.indexOf(s.step()), layerList.indexOf(s.layer()), v});
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        HeatMapChart c = Figure.heatMap(title, "step", "layer (hidden-state index)");
        c.getStyler().setShowValue(stepList.size() <= 12 && layerList.size() <= 16);
        c.getStyler().setHeatMapValueDecimalPattern("0.00");
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setRangeColors(new Color[] {new Color(68, 1, 84), new Color(33, 145, 140), new Color(253, 231, 37)});
        // a fixed scale from chance (0.5) to perfect (1), widened only below chance: a scale stretched over the
        // cells' own range (0.48 - 0.55) would paint noise as structure
        min = cells.isEmpty() ? 0.5 : Math.min(0.5, Math.floor(min * 100) / 100);
        max = 1.0;
        c.getStyler().setMin(min);
        c.getStyler().setMax(max);
        List<String> yLabels = layerList.stream().map(String::valueOf).toList();
        if (stepList.size() <= MAX_STEP_LABELS) {
            c.addSeries("ceiling accuracy", stepList.stream().map(String::valueOf).toList(), yLabels, cells);
        } else {
            // a full sweep has up to 154 steps: label a readable subset of the columns (their step numbers), not all
            List<Integer> columns = IntStream.range(0, stepList.size()).boxed().toList();
            c.getStyler().setxAxisTickLabelsFormattingFunction(d -> {
                int i = (int) Math.round(d);
                return i >= 0 && i < stepList.size() && Math.abs(d - i) < 1e-9 ? String.valueOf(stepList.get(i)) : "";
            });
            c.getStyler().setXAxisLabelRotation(45); // six-digit step numbers side by side would run together
            c.addSeries("ceiling accuracy", columns, yLabels, cells);
        }
        Figure.write(c, file);
    }
}
