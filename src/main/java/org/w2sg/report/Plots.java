package org.w2sg.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.DoubleUnaryOperator;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.w2sg.chart.Band;
import org.w2sg.chart.TokenAxis;
import org.w2sg.io.AtomicFiles;
import org.w2sg.probe.MetricNames;

/**
 * The run's PNG figures (XChart, headless). Token axes are logarithmic, so step 0 (no tokens seen) is left off them;
 * the heat map, whose axis is the list of steps, keeps it.
 */
public final class Plots {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;
    /** More step columns than this and the heat map labels only some of them. */
    private static final int MAX_STEP_LABELS = 16;

    private Plots() {}

    static {
        System.setProperty("java.awt.headless", "true");
    }

    /**
     * PGR (accuracy) against tokens with its CI band and, when given, the fitted logistic transition under
     * {@code fitLabel} (see {@link #fitLabel}).
     */
    public static XYChart pgr(Path file, String title, List<StepSummary> rows, DoubleUnaryOperator fitted,
                              String fitLabel) throws IOException {
        XYChart c = xy(title, "tokens seen", "PGR (accuracy)");
        List<StepSummary> pts = positiveTokens(rows, MetricNames.PGR_ACC);
        if (!pts.isEmpty()) {
            double[] x = tokens(pts);
            double[] lo = pts.stream().mapToDouble(s -> orValue(s.metric(MetricNames.PGR_ACC).ciLow(), s, MetricNames.PGR_ACC)).toArray();
            double[] hi = pts.stream().mapToDouble(s -> orValue(s.metric(MetricNames.PGR_ACC).ciHigh(), s, MetricNames.PGR_ACC)).toArray();
            double[] v = values(pts, MetricNames.PGR_ACC);
            PgrAxis axis = PgrAxis.around(List.of(v));
            axis.apply(c);
            String bandName = PgrAxis.bandName("95% CI", axis.cut(lo, hi));
            if (x.length == 1) {
                // one defined step: a band of one point draws nothing, so its interval is a vertical bar
                XYSeries bar = c.addSeries(bandName, new double[] {x[0], x[0]}, new double[] {lo[0], hi[0]});
                bar.setMarker(SeriesMarkers.RECTANGLE);
                bar.setLineColor(new Color(70, 130, 180));
            } else {
                Band.add(c, bandName, x, lo, hi, new Color(70, 130, 180, 60));
            }
            XYSeries s = c.addSeries("PGR", x, v);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineColor(new Color(31, 119, 180));
            s.setMarkerColor(new Color(31, 119, 180));
            if (fitted != null) {
                double[] gx = logGrid(x[0], x[x.length - 1], 200);
                double[] gy = new double[gx.length];
                for (int i = 0; i < gx.length; i++) gy[i] = fitted.applyAsDouble(gx[i]);
                XYSeries f = c.addSeries(fitLabel == null ? "logistic fit" : fitLabel, gx, gy);
                f.setMarker(SeriesMarkers.NONE);
                f.setLineColor(new Color(214, 39, 40));
                f.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {8f, 5f}, 0f));
            }
        } else {
            placeholder(c, "no step has a defined PGR (the gap's lower bound is not above 0): see gain_acc");
        }
        return save(c, file);
    }

    /** One weak supervisor's curve in a plot of several: its rows, fitted transition (or null) and the fit's label. */
    public record SupervisorCurve(String weak, List<StepSummary> rows, DoubleUnaryOperator fitted, String fitLabel) {}

    private static final Color[] SUPERVISOR_COLORS = {new Color(31, 119, 180), new Color(255, 127, 14),
            new Color(44, 160, 44), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194),
            new Color(23, 190, 207), new Color(188, 189, 34)};

    static Color supervisorColor(int i, int alpha) {
        Color c = SUPERVISOR_COLORS[i % SUPERVISOR_COLORS.length];
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }

    /**
     * PGR (accuracy) against tokens, one curve per weak supervisor in its own colour: its CI band (a bar where one step
     * is defined) and its fitted logistic transition dashed, when there is one.
     */
    public static XYChart pgrBySupervisor(Path file, String title, List<SupervisorCurve> curves) throws IOException {
        XYChart c = xy(title, "tokens seen", "PGR (accuracy)");
        List<List<StepSummary>> defined = curves.stream().map(sc -> positiveTokens(sc.rows(), MetricNames.PGR_ACC)).toList();
        List<double[]> values = defined.stream().filter(pts -> !pts.isEmpty()).map(pts -> values(pts, MetricNames.PGR_ACC)).toList();
        // one axis for every supervisor's points: one supervisor's interval over a tiny gap must not flatten the others
        PgrAxis axis = values.isEmpty() ? null : PgrAxis.around(values);
        if (axis != null) axis.apply(c);
        for (int k = 0; k < curves.size(); k++) {
            SupervisorCurve sc = curves.get(k);
            List<StepSummary> pts = defined.get(k);
            if (pts.isEmpty()) continue;
            double[] x = tokens(pts);
            double[] lo = pts.stream().mapToDouble(s -> orValue(s.metric(MetricNames.PGR_ACC).ciLow(), s, MetricNames.PGR_ACC)).toArray();
            double[] hi = pts.stream().mapToDouble(s -> orValue(s.metric(MetricNames.PGR_ACC).ciHigh(), s, MetricNames.PGR_ACC)).toArray();
            String bandName = PgrAxis.bandName("95% CI, weak " + sc.weak(), axis.cut(lo, hi));
            if (x.length == 1) {
                XYSeries bar = c.addSeries(bandName, new double[] {x[0], x[0]}, new double[] {lo[0], hi[0]});
                bar.setMarker(SeriesMarkers.RECTANGLE);
                bar.setLineColor(supervisorColor(k, 255));
            } else {
                Band.add(c, bandName, x, lo, hi, supervisorColor(k, 50));
            }
            XYSeries s = c.addSeries("PGR, weak " + sc.weak(), x, values(pts, MetricNames.PGR_ACC));
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineColor(supervisorColor(k, 255));
            s.setMarkerColor(supervisorColor(k, 255));
            if (sc.fitted() != null) {
                double[] gx = logGrid(x[0], x[x.length - 1], 200);
                double[] gy = new double[gx.length];
                for (int i = 0; i < gx.length; i++) gy[i] = sc.fitted().applyAsDouble(gx[i]);
                XYSeries f = c.addSeries((sc.fitLabel() == null ? "logistic fit" : sc.fitLabel()) + ", weak " + sc.weak(), gx, gy);
                f.setMarker(SeriesMarkers.NONE);
                f.setLineColor(supervisorColor(k, 255));
                f.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {8f, 5f}, 0f));
            }
        }
        if (axis == null) placeholder(c, "no step has a defined PGR for any weak supervisor (the gap's lower bound is not above 0)");
        return save(c, file);
    }

    /**
     * Accuracy against tokens with several weak supervisors: the ceiling (gold probe, the same for every supervisor)
     * once, then per supervisor its own accuracy (dashed) and the weak-to-strong probe's (solid), in its colour.
     */
    public static XYChart accuracyBySupervisor(Path file, String title, List<SupervisorCurve> curves) throws IOException {
        XYChart c = xy(title, "tokens seen", "accuracy on T");
        boolean any = false;
        if (!curves.isEmpty()) {
            List<StepSummary> ceiling = positiveTokens(curves.get(0).rows(), MetricNames.CEILING_ACC);
            if (!ceiling.isEmpty()) {
                any = true;
                XYSeries s = c.addSeries("ceiling (gold probe)", tokens(ceiling), values(ceiling, MetricNames.CEILING_ACC));
                s.setMarker(SeriesMarkers.CIRCLE);
                s.setLineColor(Color.BLACK);
                s.setMarkerColor(Color.BLACK);
            }
        }
        for (int k = 0; k < curves.size(); k++) {
            SupervisorCurve sc = curves.get(k);
            for (String name : List.of(MetricNames.WEAK_ACC, MetricNames.W2S_ACC)) {
                List<StepSummary> pts = positiveTokens(sc.rows(), name);
                if (pts.isEmpty()) continue;
                any = true;
                boolean weak = name.equals(MetricNames.WEAK_ACC);
                XYSeries s = c.addSeries((weak ? "weak " : "weak-to-strong from ") + sc.weak(), tokens(pts), values(pts, name));
                s.setMarker(weak ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
                s.setLineColor(supervisorColor(k, 255));
                s.setMarkerColor(supervisorColor(k, 255));
                if (weak) s.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {4f, 4f}, 0f));
            }
        }
        if (!any) placeholder(c);
        return save(c, file);
    }

    /**
     * The fitted curve's legend: its midpoint, or, when the fit is flagged as not supported by the data, which
     * caveat applies, so the figure is not read without it (the flags themselves are in transition.json).
     */
    static String fitLabel(org.w2sg.stats.SummaryCurveFit t, double[] lnRange) {
        List<String> caveats = new ArrayList<>();
        List<String> flags = t.flags(lnRange[0], lnRange[1], TransitionReport.ALPHA);
        if (flags.stream().anyMatch(f -> f.startsWith("no_clear_transition"))) caveats.add("no clear transition");
        if (flags.contains("midpoint_outside_observed_range")) caveats.add("midpoint outside the steps swept");
        else if (flags.contains("midpoint_interval_beyond_swept_range")) caveats.add("midpoint interval unbounded");
        String base = "logistic fit, midpoint " + org.w2sg.stats.StepScale.human(Math.exp(t.curve().mid())) + " tokens";
        return caveats.isEmpty() ? base : base + " (" + String.join("; ", caveats) + ")";
    }

    /** Weak, ceiling and weak-to-strong accuracy against tokens. */
    public static XYChart accuracy(Path file, String title, List<StepSummary> rows) throws IOException {
        XYChart c = xy(title, "tokens seen", "accuracy on T");
        boolean any = false;
        String[] names = {MetricNames.WEAK_ACC, MetricNames.CEILING_ACC, MetricNames.W2S_ACC};
        String[] labels = {"weak supervisor", "ceiling (gold probe)", "weak-to-strong"};
        Color[] colors = {new Color(127, 127, 127), new Color(44, 160, 44), new Color(31, 119, 180)};
        for (int k = 0; k < names.length; k++) {
            List<StepSummary> pts = positiveTokens(rows, names[k]);
            if (pts.isEmpty()) continue;
            any = true;
            XYSeries s = c.addSeries(labels[k], tokens(pts), values(pts, names[k]));
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineColor(colors[k]);
            s.setMarkerColor(colors[k]);
        }
        if (!any) placeholder(c);
        return save(c, file);
    }

    /**
     * The geometry metrics against tokens beside PGR and gain / (1 - weak) (seed means): alignments, shares, accuracies
     * and the AUC on the left axis (all on a 0-1 scale), d' and the top eigenvalue over the Marchenko-Pastur edge
     * (dashed) on the right.
     */
    public static void geometry(Path file, String title, List<StepSummary> rows) throws IOException {
        XYChart c = new XYChartBuilder().width(WIDTH + 300).height(HEIGHT).title(title).xAxisTitle("tokens seen")
                .yAxisTitle("|cos|, share, accuracy, AUC").build();
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotBackgroundColor(Color.WHITE);
        c.setYAxisGroupTitle(1, "d', top eigenvalue / MP edge (dashed)");
        c.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        c.setYAxisGroupTitle(2, "PGR, gain/(1-weak) (thick)");
        c.getStyler().setYAxisGroupPosition(2, Styler.YAxisPosition.Left);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        boolean any = false;
        for (String n : geometrySeries(rows)) {
            List<StepSummary> pts = positiveTokens(rows, n);
            if (pts.isEmpty()) continue;
            any = true;
            String label = n.equals(MetricNames.PGR_ACC) ? "PGR" : n.equals(StepSummary.HEADROOM_ACC) ? "gain/(1-weak)"
                    : n.substring(org.w2sg.geometry.GeometryResult.PREFIX.length());
            XYSeries s = c.addSeries(label, tokens(pts), values(pts, n));
            s.setMarker(SeriesMarkers.CIRCLE);
            if (n.equals(org.w2sg.geometry.GeometryResult.FISHER_DPRIME) || n.equals(org.w2sg.geometry.GeometryResult.TOP_OVER_EDGE)) {
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
        if (!any) placeholder(c);
        save(c, file);
    }

    /** PGR, gain/(1-weak), then the geometry metrics less the redundant ones (one few-shot size, two PC probes). */
    static List<String> geometrySeries(List<StepSummary> rows) {
        List<String> names = new ArrayList<>(List.of(MetricNames.PGR_ACC, StepSummary.HEADROOM_ACC));
        if (rows.isEmpty()) return names;
        List<String> geo = rows.get(0).metrics().keySet().stream().filter(GeometrySummary::isGeometry).toList();
        List<String> fewShot = geo.stream().filter(n -> n.matches("geo_fewshot\\d+_acc")).toList();
        List<String> pcProbes = geo.stream().filter(n -> n.matches("geo_pc\\d+_probe_acc")).toList();
        for (String n : geo) {
            if (n.equals(org.w2sg.geometry.GeometryResult.OUTLIERS)) continue;
            if (fewShot.contains(n) && !n.equals(fewShot.getLast())) continue;
            if (pcProbes.contains(n) && !n.equals(pcProbes.getFirst()) && !n.equals(pcProbes.getLast())) continue;
            names.add(n);
        }
        return names;
    }

    /** Ceiling (gold-probe) accuracy per layer (rows) and step (columns). */
    public static void ceilingHeatMap(Path file, String title, List<StepSummary> rows) throws IOException {
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
        HeatMapChart c = new HeatMapChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("step").yAxisTitle("layer (hidden-state index)").build();
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
            List<Integer> columns = java.util.stream.IntStream.range(0, stepList.size()).boxed().toList();
            c.getStyler().setxAxisTickLabelsFormattingFunction(d -> {
                int i = (int) Math.round(d);
                return i >= 0 && i < stepList.size() && Math.abs(d - i) < 1e-9 ? String.valueOf(stepList.get(i)) : "";
            });
            c.getStyler().setXAxisLabelRotation(45); // six-digit step numbers side by side would run together
            c.addSeries("ceiling accuracy", columns, yLabels, cells);
        }
        AtomicFiles.writeBytes(file, BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG));
    }

    /**
     * Lambda sensitivity at one dataset and layer: the ceiling (solid) and w2s (dashed) probes' test accuracy against
     * the grid lambda, at up to three steps (the first with tokens, the middle and the last), the seeds' mean with a
     * band from their lowest to their highest; the lambdas cross-validation chose are in lambda.csv.
     */
    public static void lambda(Path file, String title, List<org.w2sg.run.UnitResult> units) throws IOException {
        XYChart c = xy(title, "lambda (L2 penalty, standardized features)", "accuracy on T");
        TreeMap<Long, List<org.w2sg.probe.LambdaPath>> bySteps = new TreeMap<>();
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
        Color[] colors = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44)};
        int k = 0;
        for (long step : shown) {
            List<org.w2sg.probe.LambdaPath> paths = bySteps.get(step);
            double[] lambdas = paths.getFirst().lambdas();
            if (lambdas.length == 0 || lambdas[0] <= 0) continue; // a log axis cannot show lambda 0
            Color color = colors[k++ % colors.length];
            for (boolean ceiling : new boolean[] {true, false}) {
                int n = lambdas.length;
                double[] mean = new double[n], lo = new double[n], hi = new double[n];
                boolean ok = true;
                for (int i = 0; i < n; i++) {
                    lo[i] = Double.POSITIVE_INFINITY;
                    hi[i] = Double.NEGATIVE_INFINITY;
                    int m = 0;
                    for (var p : paths) {
                        if (!java.util.Arrays.equals(p.lambdas(), lambdas)) continue;
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
        if (k == 0) placeholder(c, "no unit recorded its lambda path");
        save(c, file);
    }

    static XYChart xy(String title, String xTitle, String yTitle) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotBackgroundColor(Color.WHITE);
        c.getStyler().setXAxisLabelRotation(0);
        return c;
    }


    private static void placeholder(XYChart c) {
        placeholder(c, "no defined values yet");
    }

    private static void placeholder(XYChart c, String label) {
        // XChart cannot draw an empty log axis; one invisible point keeps the frame and the title.
        XYSeries s = c.addSeries(label, new double[] {1}, new double[] {0});
        s.setMarker(SeriesMarkers.NONE);
    }

    private static List<StepSummary> positiveTokens(List<StepSummary> rows, String metric) {
        return rows.stream().filter(s -> s.tokens() > 0 && s.metric(metric).value() != null)
                .sorted(java.util.Comparator.comparingLong(StepSummary::tokens)).toList();
    }

    private static double orValue(Double bound, StepSummary s, String metric) {
        return bound != null ? bound : s.metric(metric).value();
    }

    private static double[] tokens(List<StepSummary> pts) {
        return pts.stream().mapToDouble(StepSummary::tokens).toArray();
    }

    private static double[] values(List<StepSummary> pts, String metric) {
        return pts.stream().mapToDouble(s -> s.metric(metric).value()).toArray();
    }

    static double[] logGrid(double from, double to, int n) {
        double a = Math.log(from);
        double b = Math.log(Math.max(to, from * 1.0001));
        double[] g = new double[n];
        for (int i = 0; i < n; i++) g[i] = Math.exp(a + (b - a) * i / (n - 1));
        return g;
    }

    /** Draws the chart, its token axis labelled "10M", "1B", into {@code file}; returns the chart drawn. */
    static XYChart save(XYChart c, Path file) throws IOException {
        TokenAxis.readable(c);
        AtomicFiles.writeBytes(file, BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG));
        return c;
    }
}
