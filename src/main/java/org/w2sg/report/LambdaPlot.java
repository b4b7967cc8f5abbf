package org.w2sg.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.w2sg.chart.Band;
import org.w2sg.probe.LambdaPath;
import org.w2sg.run.UnitResult;

/**
 * Lambda sensitivity at one dataset and layer: the ceiling (solid) and w2s (dashed) probes' test accuracy against
 * the grid lambda, at up to three steps (the first with tokens, the middle and the last), the seeds' mean with a
 * band from their lowest to their highest; the lambdas cross-validation chose are in lambda.csv.
 */
public final class LambdaPlot {
    private static final Color[] COLORS = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44)};

    private LambdaPlot() {}

    public static void draw(Path file, String title, List<UnitResult> units) throws IOException {
        XYChart c = Figure.xy(title, "lambda (L2 penalty, standardized features)", "accuracy on T");
        TreeMap<Long, List<LambdaPath>> bySteps = new TreeMap<>();
        for (var r : units) {
            if (r.lambdaPath() != null && r.unit().tokens() > 0) {
                bySteps.computeIfAbsent(r.unit().step(), k -> new ArrayList<>()).add(r.lambdaPath());
            }
        }
        List<Long> steps = new ArrayList<>(bySteps.keySet());
        TreeSet<Long> shown = new TreeSet<>();
        if (!steps.isEmpty()) {
            shown.add(steps.getFirst());
            shown.add(steps.get(steps.size() / 2));
            shown.add(steps.getLast());
        }
        int k = 0;
        for (long step : shown) {
            List<LambdaPath> paths = bySteps.get(step);
            double[] lambdas = paths.getFirst().lambdas();
            if (lambdas.length == 0 || lambdas[0] <= 0) continue; // a log axis cannot show lambda 0
            Color color = COLORS[k++ % COLORS.length];
            for (boolean ceiling : new boolean[] {true, false}) {
                int n = lambdas.length;
                double[] mean = new double[n], lo = new double[n], hi = new double[n];
                boolean ok = true;
                for (int i = 0; i < n; i++) {
                    lo[i] = Double.POSITIVE_INFINITY;
                    hi[i] = Double.NEGATIVE_INFINITY;
                    int m = 0;
                    for (var p : paths) {
                        if (!Arrays.equals(p.lambdas(), lambdas)) continue;
                        double v = ceiling ? p.ceilingAcc()[i] : p.w2sAcc()[i];
                        if (!Double.isFinite(v)) continue;
                        mean[i] += v;
                        lo[i] = Math.min(lo[i], v);
                        hi[i] = Math.max(hi[i], v);
                        m++;
                    }
                    if (m == 0) ok = false;
                    else mean[i] /= m;
                }
                if (!ok) continue;
                String name = (ceiling ? "ceiling" : "w2s") + ", step " + step + " (" + paths.size() + " seeds)";
                Band.add(c, name + " range", lambdas, lo, hi,
                        new Color(color.getRed(), color.getGreen(), color.getBlue(), 40)).setShowInLegend(false);
                XYSeries s = c.addSeries(name, lambdas, mean);
                s.setMarker(SeriesMarkers.CIRCLE);
                s.setLineColor(color);
                s.setMarkerColor(color);
                if (!ceiling) {
                    s.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                            new float[] {6f, 4f}, 0f));
                }
            }
        }
        if (k == 0) Figure.placeholder(c, "no unit recorded its lambda path");
        Figure.save(c, file);
    }
}
