package org.w2sg.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.w2sg.probe.MetricNames;
import org.w2sg.run.UnitResult;
import org.w2sg.stats.DifferencedCorrelation;
import org.w2sg.stats.EmergenceAnalysis;
import org.w2sg.stats.Interval;
import org.w2sg.stats.PartialCorrelation;
import org.w2sg.stats.StepScale;
import org.w2sg.stats.SummaryCurveFit;

/**
 * When W2SG switches on, per dataset and weak supervisor, at the run's headline layer (the middle of the layers swept: the model's
 * middle layer by default), all from one {@link EmergenceAnalysis} of the accuracies: logistic transitions of PGR and
 * of gain / (1 - weak) against ln tokens, fitted to per-step summaries; the transition test against a constant and a
 * straight line; the ceiling's own curve, where it crosses the weak accuracy, and the offset of the PGR midpoint from
 * that crossing; the first step whose PGR interval lies above 0 (the one definition, also used by {@code report});
 * and the correlation of PGR with the ceiling accuracy over first differences.
 */
public record TransitionReport(List<DatasetTransition> datasets) {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final double ALPHA = 0.05;

    /**
     * @param geometryVsPgr per geometry metric and target (pgr_acc, gain_over_headroom_acc): its partial correlation
     *                      with the target across steps, ln(tokens) partialled out
     */
    public record DatasetTransition(String dataset, int layer, String weak, EmergenceAnalysis analysis,
                                    List<String> revisions,
                                    Map<String, Map<String, PartialCorrelation>> geometryVsPgr) {
        public Optional<SummaryCurveFit> pgr() {
            return analysis.pgr();
        }

        public Optional<String> firstStepRevision() {
            return analysis.firstStepAboveZero().isPresent()
                    ? Optional.of(revisions.get(analysis.firstStepAboveZero().getAsInt())) : Optional.empty();
        }
    }

    public static TransitionReport of(List<UnitResult> results, List<StepSummary> summaries, int resamples) {
        TreeMap<String, TreeSet<Integer>> layers = new TreeMap<>();
        for (UnitResult r : results) layers.computeIfAbsent(r.unit().dataset(), k -> new TreeSet<>()).add(r.unit().layer());
        List<DatasetTransition> out = new ArrayList<>();
        for (var e : layers.entrySet()) {
            String dataset = e.getKey();
            int layer = headline(e.getValue());
            for (String weak : supervisors(results)) {
                List<UnitResult> rs = results.stream().filter(r -> r.unit().dataset().equals(dataset)
                        && r.unit().layer() == layer && java.util.Objects.equals(r.unit().weak(), weak)).toList();
                if (rs.isEmpty()) continue;
                RunCurves.Grid grid = RunCurves.of(rs, RunCurves.ACC);
                EmergenceAnalysis a = EmergenceAnalysis.of(grid.curves(), EmergenceAnalysis.Options.defaults(resamples, 0L));
                List<StepSummary> atLayer = summaries.stream().filter(s -> s.dataset().equals(dataset)
                        && s.layer() == layer && java.util.Objects.equals(s.weak(), weak)).toList();
                out.add(new DatasetTransition(dataset, layer, weak, a, grid.revisions(), geometryVsPgr(atLayer)));
            }
        }
        return new TransitionReport(out);
    }

    /**
     * Each geometry metric's partial correlation with PGR (and with gain / (1 - weak), defined at every step) across
     * steps with tokens > 0, on the seed means of summary.csv, ln(tokens) partialled out: both tend to grow with
     * training, so only co-movement beyond that shared trend counts.
     */
    static Map<String, Map<String, PartialCorrelation>> geometryVsPgr(List<StepSummary> rows) {
        Map<String, Map<String, PartialCorrelation>> out = new LinkedHashMap<>();
        List<StepSummary> pts = rows.stream().filter(s -> s.tokens() > 0).toList();
        if (pts.isEmpty()) return out;
        double[] lnTokens = pts.stream().mapToDouble(s -> Math.log(s.tokens())).toArray();
        for (String name : SummaryCsv.columns(pts)) {
            if (!GeometrySummary.isGeometry(name)) continue;
            double[] g = values(pts, name);
            Map<String, PartialCorrelation> m = new LinkedHashMap<>();
            for (String target : List.of(MetricNames.PGR_ACC, StepSummary.HEADROOM_ACC)) {
                m.put(target, PartialCorrelation.of(g, values(pts, target), lnTokens));
            }
            out.put(name, m);
        }
        return out;
    }

    private static double[] values(List<StepSummary> rows, String metric) {
        return rows.stream().mapToDouble(s -> s.metric(metric).value() == null ? Double.NaN : s.metric(metric).value())
                .toArray();
    }

    /** The weak supervisors the results name, in the order first met (null: records that name none). */
    static List<String> supervisors(List<UnitResult> results) {
        java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
        for (UnitResult r : results.stream().sorted(EmergenceCsv.ORDER).toList()) names.add(r.unit().weak());
        return new ArrayList<>(names);
    }

    /**
     * transition.json's key of an entry: the dataset, or with several supervisors in the run "DATASET weak=W" (the
     * entry names both).
     */
    String key(DatasetTransition d) {
        return several() ? d.dataset() + " weak=" + d.weak() : d.dataset();
    }

    private boolean several() {
        return datasets.stream().map(DatasetTransition::weak).distinct().count() > 1;
    }

    /** The upper median of the layers swept: with every layer 0..L it is (L+1)//2, the protocol's middle layer. */
    static int headline(TreeSet<Integer> layers) {
        return new ArrayList<>(layers).get(layers.size() / 2);
    }

    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("x", "ln(tokens seen)");
        root.put("curve", "value = bottom + (top - bottom) / (1 + exp(-(ln(tokens) - ln(midpoint_tokens)) / width))");
        root.put("intervals", "95%; seed-clustered: a wild cluster bootstrap over whole seeds (Student-t scaled) plus "
                + "the shared test set's noise; PGR per step by Fieller's method on mean gain / mean gap (README, "
                + "Statistics)");
        ObjectNode ds = root.putObject("datasets");
        for (DatasetTransition d : datasets) {
            EmergenceAnalysis a = d.analysis();
            ObjectNode o = ds.putObject(key(d));
            o.put("dataset", d.dataset());
            o.put("layer", d.layer());
            if (d.weak() != null) o.put("weak", d.weak());
            int maxSeeds = a.steps().stream().mapToInt(EmergenceAnalysis.StepStats::seeds).max().orElse(0);
            o.put("seeds", maxSeeds);
            o.put("steps", a.steps().size());
            o.put("interval_scope", maxSeeds >= 2 ? "seeds and test rows"
                    : "test-set noise only (fewer than 2 seeds: split-to-split variation is not in the intervals)");
            double[] range = a.lnTokenRange();
            o.set("pgr_acc", fit(a.pgr(), a.pgrReason(), definedPgrSteps(a), d, range));
            o.set(StepSummary.HEADROOM_ACC, fit(a.headroom(), a.headroomReason(), a.steps().size(), d, range));
            ObjectNode ceil = fit(a.ceiling(), "not fitted: fewer than " + SummaryCurveFit.MIN_STEPS
                    + " steps with tokens > 0 or no logistic converged", a.steps().size(), d, range);
            num(ceil, "weak_acc", a.weakLevel());
            num(ceil, "crosses_weak_at_tokens", Math.exp(a.crossing()));
            interval(ceil, "crosses_weak_at_tokens_ci", exp(a.crossingCi()));
            o.set("ceiling_acc", ceil);
            ObjectNode off = o.putObject("offset_pgr_midpoint_minus_ceiling_crossing");
            off.put("unit", "ln tokens (e-folds; exp gives the token ratio)");
            num(off, "value", a.offset());
            interval(off, "ci", a.offsetCi());
            ObjectNode first = o.putObject("first_step_pgr_ci_above_0");
            first.put("definition", "the first step, in step order, whose PGR interval's lower bound is above 0");
            if (d.firstStepRevision().isPresent()) {
                first.put("step", a.firstStep().orElseThrow().step());
                first.put("revision", d.firstStepRevision().get());
            } else {
                first.putNull("step");
                first.put("reason", String.format(Locale.ROOT, "no step's PGR interval lies above 0 (%d of %d steps "
                        + "have a defined PGR)", definedPgrSteps(a), a.steps().size()));
            }
            DifferencedCorrelation c = a.pgrVsCeiling();
            ObjectNode sp = o.putObject("pgr_vs_ceiling_acc_first_differences");
            num(sp, "r", c.r());
            num(sp, "p_value", c.pValue());
            sp.put("pairs", c.pairs());
            sp.put("note", "Pearson r of step-to-step changes (the shared training trend removed); permutation p-value");
            if (!d.geometryVsPgr().isEmpty()) {
                ObjectNode g = o.putObject("geometry_vs_pgr");
                g.put("method", "partial Pearson correlation across steps (seed means, tokens > 0) with ln(tokens) "
                        + "partialled out; two-sided p from t with steps - 3 degrees of freedom");
                d.geometryVsPgr().forEach((name, byTarget) -> {
                    ObjectNode m = g.putObject(name);
                    byTarget.forEach((target, pc) -> {
                        ObjectNode t = m.putObject(target);
                        num(t, "partial_r", pc.r());
                        num(t, "p_value", pc.pValue());
                        t.put("steps", pc.n());
                    });
                });
            }
        }
        return root;
    }

    static int definedPgrSteps(EmergenceAnalysis a) {
        return (int) a.steps().stream().filter(s -> s.pgr().defined()).count();
    }

    private static ObjectNode fit(Optional<SummaryCurveFit> t, String reason, int defined, DatasetTransition d,
                                  double[] range) {
        ObjectNode o = JSON.createObjectNode();
        o.put("defined_steps", defined);
        if (t.isEmpty()) {
            o.put("fitted", false);
            o.put("reason", reason);
            return o;
        }
        SummaryCurveFit x = t.get();
        o.put("fitted", true);
        o.put("steps_used", x.steps());
        num(o, "midpoint_tokens", Math.exp(x.curve().mid()));
        interval(o, "midpoint_tokens_ci", exp(x.midCi()));
        num(o, "midpoint_step", StepScale.stepAt(d.analysis().curves().steps(), d.analysis().curves().tokens(), x.curve().mid()));
        num(o, "width", x.curve().width());
        interval(o, "width_ci", x.widthCi());
        num(o, "bottom", x.curve().bottom());
        interval(o, "bottom_ci", x.bottomCi());
        num(o, "top", x.curve().top());
        interval(o, "top_ci", x.topCi());
        if (!Double.isNaN(x.pVsConstant())) {
            o.put("transition_present", x.transitionPresent(ALPHA));
            num(o, "p_vs_constant", x.pVsConstant());
            num(o, "p_vs_line", x.pVsLine());
            num(o, "p_line_vs_constant", x.pLineVsConstant());
            o.put("best_model", x.winner());
        }
        o.put("resamples", x.midDraws().length);
        o.put("resamples_rejected", x.rejected());
        o.put("flags", String.join("; ", x.flags(range[0], range[1], ALPHA)));
        return o;
    }

    private static Interval exp(Interval i) {
        return new Interval(Math.exp(i.low()), Math.exp(i.high()));
    }

    private static void interval(ObjectNode o, String name, Interval i) {
        var a = o.putArray(name);
        if (Double.isFinite(i.low())) a.add(i.low()); else a.addNull();
        if (Double.isFinite(i.high())) a.add(i.high()); else a.addNull();
    }

    private static void num(ObjectNode o, String name, double v) {
        if (Double.isFinite(v)) o.put(name, v);
        else o.putNull(name);
    }

    /** A few lines a researcher reads at the end of the sweep. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        for (DatasetTransition d : datasets) {
            EmergenceAnalysis a = d.analysis();
            double[] range = a.lnTokenRange();
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%s, layer %d%s: ", d.dataset(), d.layer(),
                    several() ? ", weak " + d.weak() : ""));
            b.append(describeFit("PGR", a.pgr(), a.pgrReason(), range));
            b.append("; ").append(describeFit("gain/(1-weak)", a.headroom(), a.headroomReason(), range));
            if (Double.isFinite(a.crossing())) {
                b.append(String.format(Locale.ROOT, "; ceiling crosses weak %.3f at %s tokens (95%% CI %s)", a.weakLevel(),
                        StepScale.human(Math.exp(a.crossing())), range(a.crossingCi(), range)));
            } else {
                b.append("; ceiling crossing of the weak accuracy: none within the fitted ceiling curve");
            }
            if (Double.isFinite(a.offset())) {
                b.append(String.format(Locale.ROOT, "; PGR midpoint - crossing = %.2f ln-tokens (95%% CI %s)", a.offset(),
                        a.offsetCi().finite() ? String.format(Locale.ROOT, "%.2f .. %.2f", a.offsetCi().low(), a.offsetCi().high()) : "n/a"));
            }
            b.append("; first step with PGR CI above 0: ").append(d.firstStepRevision().orElse("none"));
            if (a.steps().stream().mapToInt(EmergenceAnalysis.StepStats::seeds).max().orElse(0) < 2) {
                b.append("; intervals cover test-set noise only (fewer than 2 seeds)");
            }
            lines.add(b.toString());
        }
        return lines;
    }

    static String describeFit(String what, Optional<SummaryCurveFit> t, String reason, double[] range) {
        if (t.isEmpty()) return what + " transition " + reason;
        SummaryCurveFit x = t.get();
        String verdict = Double.isNaN(x.pVsConstant()) ? "" : x.transitionPresent(ALPHA)
                ? String.format(Locale.ROOT, ", transition present (vs constant p = %.3g, vs line p = %.3g)", x.pVsConstant(), x.pVsLine())
                : String.format(Locale.ROOT, ", no clear transition: a %s fits as well (vs constant p = %.3g, vs line p = %.3g)",
                        x.winner(), x.pVsConstant(), x.pVsLine());
        return String.format(Locale.ROOT, "%s midpoint %s tokens (95%% CI %s), width %.2f ln-tokens%s", what,
                StepScale.human(Math.exp(x.curve().mid())), range(x.midCi(), range), x.curve().width(), verdict);
    }

    /**
     * An interval of ln tokens as token counts; a bound beyond the swept range is "unbounded" on that side: the data
     * say nothing about where past the last (or before the first) step the midpoint lies.
     */
    static String range(Interval lnCi, double[] swept) {
        if (!lnCi.finite()) return "n/a";
        String lo = lnCi.low() < swept[0] ? "unbounded" : StepScale.human(Math.exp(lnCi.low()));
        String hi = lnCi.high() > swept[1] ? "unbounded" : StepScale.human(Math.exp(lnCi.high()));
        return lo + " .. " + hi;
    }
}
