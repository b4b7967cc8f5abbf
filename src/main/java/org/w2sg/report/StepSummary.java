package org.w2sg.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.w2sg.run.Metric;
import org.w2sg.probe.MetricNames;
import org.w2sg.run.UnitResult;
import org.w2sg.stats.EmergenceAnalysis;
import org.w2sg.stats.Interval;
import org.w2sg.stats.RatioInterval;
import org.w2sg.run.Unit;

/**
 * One (step, dataset, layer, weak supervisor) of a run with its metrics combined over seeds: a row of summary.csv. Every value and
 * interval comes from {@link EmergenceAnalysis} (means over seeds with cluster-bootstrap intervals; PGR as mean gain
 * over mean gap with its Fieller interval), the same numbers transition.json, the plots and {@code report} use.
 *
 * @param weak the weak supervisor's description (null for records that do not name it)
 */
public record StepSummary(String model, String revision, long step, long tokens, String dataset, int layer,
                          String weak, int seeds, Map<String, SeedAggregate> metrics) {
    /** Resamples behind summary.csv's intervals, and their seed: fixed, so a rerun writes the same file. */
    public static final int RESAMPLES = 2000;
    public static final long SEED = 0;
    /** gain / (1 - weak): always defined; the empirical analog of the theory's PGR_0. */
    public static final String HEADROOM_ACC = "gain_over_headroom_acc";
    /** The summary's metrics in column order. */
    public static final List<String> COLUMNS = List.of(MetricNames.WEAK_ACC, MetricNames.CEILING_ACC,
            MetricNames.W2S_ACC, MetricNames.GAIN_ACC, MetricNames.PGR_ACC, HEADROOM_ACC, MetricNames.WEAK_AUC,
            MetricNames.CEILING_AUC, MetricNames.W2S_AUC, MetricNames.GAIN_AUC, MetricNames.PGR_AUC,
            MetricNames.W2S_WEAK_AGREEMENT, MetricNames.COPIED_WEAK_ERRORS);
    /** Imitation metrics: seed means with the same cluster bootstrap (the test term from the units' Wilson SEs). */
    static final List<String> IMITATION = List.of(MetricNames.W2S_WEAK_AGREEMENT, MetricNames.COPIED_WEAK_ERRORS);

    public SeedAggregate metric(String name) {
        return metrics.getOrDefault(name, SeedAggregate.EMPTY);
    }

    /** Groups finished units by (dataset, layer, weak supervisor) and step, in the tables' order. */
    public static List<StepSummary> of(List<UnitResult> results) {
        Map<String, List<UnitResult>> groups = new LinkedHashMap<>();
        for (UnitResult r : results.stream().sorted(EmergenceCsv.ORDER).toList()) {
            groups.computeIfAbsent(r.unit().dataset() + "|" + r.unit().layer() + "|" + r.unit().weak(),
                    k -> new ArrayList<>()).add(r);
        }
        Map<String, StepSummary> byKey = new LinkedHashMap<>();
        for (List<UnitResult> g : groups.values()) {
            EmergenceAnalysis acc = analysis(g, RunCurves.ACC);
            EmergenceAnalysis auc = analysis(g, RunCurves.AUC);
            Map<String, List<EmergenceAnalysis.Value>> imitation = new LinkedHashMap<>();
            for (String name : IMITATION) imitation.put(name, seedMeans(g, name));
            Map<Long, Map<String, SeedAggregate>> geometry = GeometrySummary.of(g);
            Map<Long, List<UnitResult>> bySteps = new LinkedHashMap<>();
            for (UnitResult r : g) bySteps.computeIfAbsent(r.unit().step(), k -> new ArrayList<>()).add(r);
            int i = 0;
            for (List<UnitResult> units : bySteps.values()) {
                Unit u = units.get(0).unit();
                Map<String, SeedAggregate> ms = new LinkedHashMap<>();
                put(ms, acc.steps().get(i), RunCurves.ACC, units, true, acc.steps().get(i).seeds() == 1);
                put(ms, auc.steps().get(i), RunCurves.AUC, units, false, false);
                for (String name : IMITATION) {
                    int seeds = (int) units.stream().filter(r -> r.metric(name).filter(Metric::defined).isPresent()).count();
                    ms.put(name, mean(imitation.get(name).get(i), seeds, seedFlags(name, units)));
                }
                ms.putAll(geometry.getOrDefault(u.step(), Map.of()));
                byKey.put(u.revision() + "|" + u.dataset() + "|" + u.layer() + "|" + u.weak(),
                        new StepSummary(units.get(0).model(), u.revision(), u.step(), u.tokens(), u.dataset(),
                                u.layer(), u.weak(), units.size(), ms));
                i++;
            }
        }
        // the tables' order: step, revision, dataset, layer, weak supervisor
        return byKey.values().stream().sorted(java.util.Comparator.comparingLong(StepSummary::step)
                .thenComparing(StepSummary::revision).thenComparing(StepSummary::dataset)
                .thenComparingInt(StepSummary::layer).thenComparing(s -> s.weak() == null ? "" : s.weak())).toList();
    }

    static EmergenceAnalysis analysis(List<UnitResult> units, RunCurves.Family f) {
        return EmergenceAnalysis.of(RunCurves.of(units, f).curves(),
                new EmergenceAnalysis.Options(RESAMPLES, 0, 0.95, SEED, false, false));
    }

    /** Per step, a metric's mean over seeds with its interval (the accuracy family's resampling, one score). */
    static List<EmergenceAnalysis.Value> seedMeans(List<UnitResult> units, String metric) {
        double[][][] g = RunCurves.grid(units, metric);
        int m = g[0].length;
        double[][] noGain = new double[m][g[0].length == 0 ? 0 : g[0][0].length];
        var curves = new org.w2sg.stats.SeedCurves(new long[m], new double[m], g[0], g[0], g[0], g[1], g[1], g[1], noGain);
        var draws = org.w2sg.stats.ClusterBootstrap.draw(curves, RESAMPLES, SEED);
        List<EmergenceAnalysis.Value> out = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            double p = draws.point()[0][i];
            out.add(new EmergenceAnalysis.Value(p, Double.isFinite(p)
                    ? Interval.percentile(draws.column(0, i), 0.95) : Interval.NONE));
        }
        return out;
    }

    private static void put(Map<String, SeedAggregate> ms, EmergenceAnalysis.StepStats s, RunCurves.Family f,
                            List<UnitResult> units, boolean headroom, boolean oneSeed) {
        String noise = oneSeed ? "test_noise_only: 1 seed, intervals cover test-set noise only" : "";
        ms.put(f.weak(), mean(s.weak(), s.seeds(), join(noise, seedFlags(f.weak(), units))));
        noise = "";
        ms.put(f.ceiling(), mean(s.ceiling(), s.seeds(), seedFlags(f.ceiling(), units)));
        ms.put(f.w2s(), mean(s.w2s(), s.seeds(), seedFlags(f.w2s(), units)));
        ms.put(f.gain(), mean(s.gain(), s.seeds(), seedFlags(f.gain(), units)));
        RatioInterval p = s.pgr();
        if (s.seeds() == 0) {
            // the run did not record this family's scores (e.g. no AUC): nothing to say
            ms.put(f.pgr(), SeedAggregate.EMPTY);
        } else if (p.defined()) {
            ms.put(f.pgr(), new SeedAggregate(p.value(), p.low(), p.high(), s.seeds(), noise));
        } else {
            String why = String.format(Locale.ROOT,
                    "pgr_undefined: mean %s ceiling-weak gap %.4f, its lower bound %.4f is not above 0", f.suffix(),
                    s.gap().value(), p.denLow());
            ms.put(f.pgr(), new SeedAggregate(null, null, null, s.seeds(), f.pgr() + ":" + why));
        }
        if (headroom) {
            RatioInterval h = s.headroom();
            ms.put(HEADROOM_ACC, Double.isFinite(h.value())
                    ? new SeedAggregate(h.value(), nan(h.low()), nan(h.high()), s.seeds(), noise)
                    : new SeedAggregate(null, null, null, s.seeds(), ""));
        }
    }

    private static SeedAggregate mean(EmergenceAnalysis.Value v, int seeds, String flags) {
        if (!Double.isFinite(v.value())) return new SeedAggregate(null, null, null, seeds, flags);
        Interval ci = v.ci();
        return new SeedAggregate(v.value(), nan(ci.low()), nan(ci.high()), seeds, flags);
    }

    private static String seedFlags(String name, List<UnitResult> units) {
        List<Metric> perSeed = units.stream().map(r -> r.metric(name)).flatMap(Optional::stream).toList();
        return SeedAggregate.seedFlags(name, perSeed);
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + ";" + b;
    }

    private static Double nan(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
