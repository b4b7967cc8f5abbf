package org.w2sg.report;

import java.awt.BasicStroke;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.w2sg.io.AtomicFiles;
import org.w2sg.io.Csv;
import org.w2sg.probe.MetricNames;
import org.w2sg.run.UnitResult;
import org.w2sg.stats.EmergenceAnalysis;
import org.w2sg.stats.Interval;
import org.w2sg.stats.StepScale;
import org.w2sg.stats.SummaryCurveFit;

/**
 * Several sweep runs side by side (different models, sizes, weak supervisors or datasets): one tidy table of every
 * run's per-step summary with its model, parameter count and weak supervisor; each run's PGR transition midpoint; and
 * overlay plots against tokens and against training compute C = 6 N D (N parameters, D tokens: the usual
 * forward-plus-backward estimate), which puts models of different sizes on one axis.
 */
public final class Comparison {
    /**
     * @param label      the run's name in tables and legends (its folder name)
     * @param parameters the strong model's parameter count, or -1 when unknown (compute is then left empty)
     * @param results    every finished unit, all shards (and copies of the same run from other machines) merged
     * @param resamples  bootstrap refits for the transition interval (the run's own setting)
     */
    public record Run(String label, String model, long parameters, String weak, List<UnitResult> results, int resamples) {}

    /**
     * One run's PGR transition on one dataset at its headline layer, from the analysis behind its transition.json.
     *
     * @param weak the supervisor this transition is of (a run swept with several has one midpoint each)
     * @param definedSteps steps with a defined PGR (the fit needs {@link SummaryCurveFit#MIN_STEPS})
     */
    public record Midpoint(Run run, String dataset, int layer, String weak, EmergenceAnalysis analysis, int definedSteps) {
        public Optional<SummaryCurveFit> pgr() {
            return analysis.pgr();
        }

        double tokens() {
            return pgr().map(t -> Math.exp(t.curve().mid())).orElse(Double.NaN);
        }

        Interval tokensCi() {
            return pgr().map(t -> new Interval(Math.exp(t.midCi().low()), Math.exp(t.midCi().high()))).orElse(Interval.NONE);
        }

        double step() {
            return pgr().map(t -> StepScale.stepAt(analysis.curves().steps(), analysis.curves().tokens(), t.curve().mid()))
                    .orElse(Double.NaN);
        }

        String flags() {
            if (pgr().isEmpty()) return analysis.pgrReason();
            double[] range = analysis.lnTokenRange();
            return String.join("; ", pgr().get().flags(range[0], range[1], TransitionReport.ALPHA));
        }
    }

    private final List<Run> runs;
    private final Map<Run, List<StepSummary>> summaries = new LinkedHashMap<>();
    private final List<Midpoint> midpoints = new ArrayList<>();

    public Comparison(List<Run> runs) {
        this.runs = List.copyOf(runs);
        for (Run r : runs) {
            List<StepSummary> ss = StepSummary.of(r.results());
            summaries.put(r, ss);
            for (TransitionReport.DatasetTransition d : TransitionReport.of(r.results(), ss, r.resamples()).datasets()) {
                midpoints.add(new Midpoint(r, d.dataset(), d.layer(), d.weak() != null ? d.weak() : r.weak(), d.analysis(),
                        TransitionReport.definedPgrSteps(d.analysis())));
            }
        }
    }

    public List<Midpoint> midpoints() {
        return midpoints;
    }

    private static Double nan(double v) {
        return Double.isFinite(v) ? v : null;
    }

    static double compute(Run r, double tokens) {
        return r.parameters() > 0 ? 6.0 * r.parameters() * tokens : Double.NaN;
    }

    /** compare.csv: one row per run, dataset, layer, step and metric (every metric summary.csv has). */
    public String tidyCsv() {
        StringBuilder b = new StringBuilder(Csv.row(List.of("run", "model", "parameters", "weak", "dataset", "layer",
                "revision", "step", "tokens", "compute", "metric", "value", "ci_low", "ci_high", "seeds", "flags")));
        for (Run r : runs) {
            for (StepSummary s : summaries.get(r)) {
                for (var e : s.metrics().entrySet()) {
                    SeedAggregate a = e.getValue();
                    b.append(Csv.row(List.of(r.label(), r.model(), params(r), s.weak() != null ? s.weak() : r.weak(), s.dataset(),
                            Integer.toString(s.layer()), s.revision(), Long.toString(s.step()), Long.toString(s.tokens()),
                            Csv.num(compute(r, s.tokens())), e.getKey(), Csv.num(a.value()), Csv.num(a.ciLow()),
                            Csv.num(a.ciHigh()), Integer.toString(a.seeds()), a.flags())));
                }
            }
        }
        return b.toString();
    }

    /** midpoints.csv: each run's PGR transition midpoint per dataset with its interval, in tokens and in compute. */
    public String midpointsCsv() {
        StringBuilder b = new StringBuilder(Csv.row(List.of("run", "model", "parameters", "weak", "dataset", "layer",
                "fitted", "midpoint_tokens", "midpoint_tokens_ci_low", "midpoint_tokens_ci_high", "midpoint_compute",
                "midpoint_step", "transition_present", "defined_steps", "flags")));
        for (Midpoint m : midpoints) {
            Run r = m.run();
            boolean fitted = m.pgr().isPresent();
            Interval ci = m.tokensCi();
            String present = m.pgr().filter(t -> !Double.isNaN(t.pVsConstant()))
                    .map(t -> Boolean.toString(t.transitionPresent(TransitionReport.ALPHA))).orElse("");
            b.append(Csv.row(List.of(r.label(), r.model(), params(r), m.weak(), m.dataset(), Integer.toString(m.layer()),
                    Boolean.toString(fitted), Csv.num(nan(m.tokens())), Csv.num(nan(ci.low())), Csv.num(nan(ci.high())),
                    Csv.num(nan(compute(r, m.tokens()))), Csv.num(nan(m.step())), present,
                    Integer.toString(m.definedSteps()), m.flags())));
        }
        return b.toString();
    }

    /** The midpoint table as the command prints it. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%-24s %-22s %12s %-22s %-10s %12s  %s", "run", "model", "parameters", "weak",
                "dataset", "PGR midpoint", "95% CI (tokens), flags"));
        for (Midpoint m : midpoints) {
            Run r = m.run();
            String mid = m.pgr().isPresent() ? StepScale.human(m.tokens()) : "not fitted";
            double[] range = m.analysis().lnTokenRange();
            String ci = m.pgr().isPresent()
                    ? TransitionReport.range(m.pgr().get().midCi(), range) + (m.flags().isEmpty() ? "" : " [" + m.flags() + "]")
                    : "(" + m.flags() + ")";
            lines.add(String.format(Locale.ROOT, "%-24s %-22s %12s %-22s %-10s %12s  %s", r.label(), r.model(), params(r),
                    m.weak(), m.dataset(), mid, ci));
        }
        return lines;
    }

    /** Writes compare.csv, midpoints.csv and the plots into dir; returns the files written. */
    public List<Path> write(Path dir) throws IOException {
        java.nio.file.Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        Path tidy = dir.resolve("compare.csv");
        AtomicFiles.writeBytes(tidy, tidyCsv().getBytes(StandardCharsets.UTF_8));
        Path mids = dir.resolve("midpoints.csv");
        AtomicFiles.writeBytes(mids, midpointsCsv().getBytes(StandardCharsets.UTF_8));
        files.add(tidy);
        files.add(mids);
        TreeSet<String> datasets = new TreeSet<>();
        for (Midpoint m : midpoints) datasets.add(m.dataset());
        String[][] metrics = {{MetricNames.PGR_ACC, "PGR (accuracy)", "pgr"}, {MetricNames.GAIN_ACC, "w2s gain (accuracy)", "gain"},
                {MetricNames.CEILING_ACC, "ceiling accuracy", "ceiling"}};
        boolean anyCompute = runs.stream().anyMatch(r -> r.parameters() > 0);
        for (String ds : datasets) {
            String file = Exporter.fileName(ds);
            for (String[] m : metrics) {
                for (boolean byCompute : anyCompute ? new boolean[] {false, true} : new boolean[] {false}) {
                    Path p = dir.resolve(m[2] + "-vs-" + (byCompute ? "compute" : "tokens") + "-" + file + ".png");
                    overlay(p, ds, m[0], m[1], byCompute);
                    files.add(p);
                }
            }
            if (anyCompute) {
                Path p = dir.resolve("midpoint-vs-size-" + file + ".png");
                midpointVsSize(p, ds);
                files.add(p);
            }
        }
        return files;
    }

    /** One metric of every run on {@code dataset} against tokens or compute: one curve per run and weak supervisor. */
    XYChart overlay(Path file, String dataset, String metric, String yTitle, boolean byCompute) throws IOException {
        XYChart c = Figure.xy(dataset + ": " + yTitle + " at each run's headline layer",
                byCompute ? "training compute 6 x parameters x tokens (PFLOP = 1e15 FLOP)" : "tokens seen", yTitle);
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        boolean any = false;
        for (Midpoint mp : midpoints) {
            if (!mp.dataset().equals(dataset)) continue;
            Run r = mp.run();
            if (byCompute && r.parameters() <= 0) continue;
            List<StepSummary> pts = summaries.get(r).stream()
                    .filter(s -> s.dataset().equals(dataset) && s.layer() == mp.layer() && s.tokens() > 0
                            && java.util.Objects.equals(mp.weak(), s.weak() != null ? s.weak() : r.weak())
                            && s.metric(metric).value() != null)
                    .sorted(java.util.Comparator.comparingLong(StepSummary::tokens)).toList();
            if (pts.isEmpty()) continue;
            // compute in PFLOP: the axis labels counts with K, M, B, T (FLOPs themselves would read "600000000T")
            double[] x = pts.stream().mapToDouble(s -> byCompute ? compute(r, s.tokens()) / 1e15 : s.tokens()).toArray();
            double[] y = pts.stream().mapToDouble(s -> s.metric(metric).value()).toArray();
            XYSeries s = c.addSeries(uniqueName(c, legend(mp)), x, y);
            s.setMarker(SeriesMarkers.CIRCLE);
            any = true;
        }
        if (!any) c.addSeries("no defined values", new double[] {1}, new double[] {0}).setMarker(SeriesMarkers.NONE);
        return Figure.save(c, file);
    }

    /** Each run's (and weak supervisor's) fitted PGR midpoint on {@code dataset} against its parameter count. */
    XYChart midpointVsSize(Path file, String dataset) throws IOException {
        XYChart c = Figure.xy(dataset + ": PGR transition midpoint against model size", "parameters", "midpoint (tokens seen)");
        c.getStyler().setYAxisLogarithmic(true);
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        boolean any = false;
        for (Midpoint m : midpoints) {
            if (!m.dataset().equals(dataset) || m.pgr().isEmpty() || m.run().parameters() <= 0) continue;
            if (!(m.tokens() > 0)) continue;
            double p = m.run().parameters();
            String name = uniqueName(c, legend(m));
            XYSeries s = c.addSeries(name, new double[] {p}, new double[] {m.tokens()});
            s.setMarker(SeriesMarkers.DIAMOND);
            double lo = m.tokensCi().low();
            double hi = m.tokensCi().high();
            if (lo > 0 && Double.isFinite(hi)) {
                XYSeries ci = c.addSeries(uniqueName(c, name + " 95% CI"), new double[] {p, p}, new double[] {lo, hi});
                ci.setMarker(SeriesMarkers.NONE);
                ci.setLineColor(s.getMarkerColor());
                ci.setLineStyle(new BasicStroke(2f));
                ci.setShowInLegend(false);
            }
            any = true;
        }
        if (!any) c.addSeries("no fitted midpoint", new double[] {1}, new double[] {1}).setMarker(SeriesMarkers.NONE);
        return Figure.save(c, file);
    }

    private static String legend(Midpoint m) {
        return m.run().label() + " (" + m.run().model() + ", weak " + m.weak() + ")";
    }

    private static String uniqueName(XYChart c, String name) {
        String n = name;
        for (int i = 2; c.getSeriesMap().containsKey(n); i++) n = name + " #" + i;
        return n;
    }

    private static String params(Run r) {
        return r.parameters() > 0 ? Long.toString(r.parameters()) : "";
    }
}
