package org.w2sg.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import org.w2sg.probe.MetricNames;
import org.w2sg.run.UnitResult;
import org.w2sg.stats.Spearman;
import org.w2sg.stats.Transition;

/**
 * When W2SG switches on, per dataset, at the run's headline layer (the middle of the layers swept: the model's
 * middle layer by default): logistic transitions of PGR and of the raw w2s gain against log tokens (fitted to one
 * observation per step and seed), the first step whose PGR interval lies above 0, and the Spearman correlation of
 * PGR with the ceiling accuracy across steps.
 */
public record TransitionReport(List<DatasetTransition> datasets) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param firstStepPgrAboveZero the first step whose summary PGR CI lower bound is above 0 (empty: none)
     * @param pgrVsCeiling          Spearman of the seed-mean PGR with the seed-mean ceiling accuracy across steps
     */
    public record DatasetTransition(String dataset, int layer, Optional<Transition> pgr, int pgrObservations,
                                    Optional<Transition> gain, int gainObservations, OptionalLong firstStepPgrAboveZero,
                                    String firstStepRevision, Spearman pgrVsCeiling) {}

    public static TransitionReport of(List<UnitResult> results, List<StepSummary> summaries, int resamples) {
        TreeMap<String, TreeSet<Integer>> layers = new TreeMap<>();
        for (UnitResult r : results) layers.computeIfAbsent(r.unit().dataset(), k -> new TreeSet<>()).add(r.unit().layer());
        List<DatasetTransition> out = new ArrayList<>();
        for (var e : layers.entrySet()) {
            String dataset = e.getKey();
            int layer = headline(e.getValue());
            List<UnitResult> rs = results.stream()
                    .filter(r -> r.unit().dataset().equals(dataset) && r.unit().layer() == layer)
                    .sorted(EmergenceCsv.ORDER).toList();
            List<Transition.Observation> pgr = observations(rs, MetricNames.PGR_ACC);
            List<Transition.Observation> gain = observations(rs, MetricNames.GAIN_ACC);
            List<StepSummary> ss = summaries.stream()
                    .filter(s -> s.dataset().equals(dataset) && s.layer() == layer).toList();
            long[] steps = ss.stream().mapToLong(StepSummary::step).toArray();
            double[] lows = ss.stream().mapToDouble(s -> nan(s.metric(MetricNames.PGR_ACC).ciLow())).toArray();
            OptionalLong first = Transition.firstStepAbove(steps, lows, 0.0);
            String firstRev = first.isPresent()
                    ? ss.stream().filter(s -> s.step() == first.getAsLong()).findFirst().map(StepSummary::revision).orElse("")
                    : "";
            Spearman sp = Spearman.of(ss.stream().mapToDouble(s -> nan(s.metric(MetricNames.PGR_ACC).value())).toArray(),
                    ss.stream().mapToDouble(s -> nan(s.metric(MetricNames.CEILING_ACC).value())).toArray());
            out.add(new DatasetTransition(dataset, layer, Transition.fit(pgr, resamples, 0.95, 0L), pgr.size(),
                    Transition.fit(gain, resamples, 0.95, 0L), gain.size(), first, firstRev, sp));
        }
        return new TransitionReport(out);
    }

    /** The upper median of the layers swept: with every layer 0..L it is (L+1)//2, the protocol's middle layer. */
    static int headline(TreeSet<Integer> layers) {
        return new ArrayList<>(layers).get(layers.size() / 2);
    }

    private static List<Transition.Observation> observations(List<UnitResult> rs, String metric) {
        List<Transition.Observation> obs = new ArrayList<>();
        for (UnitResult r : rs) {
            double v = r.metric(metric).filter(m -> m.defined()).map(m -> m.value()).orElse(Double.NaN);
            obs.add(new Transition.Observation(r.unit().step(), r.unit().tokens(), v));
        }
        return obs;
    }

    private static double nan(Double d) {
        return d == null ? Double.NaN : d;
    }

    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("x", "ln(tokens seen)");
        root.put("curve", "value = bottom + (top - bottom) / (1 + exp(-(ln(tokens) - ln(midpoint_tokens)) / width))");
        ObjectNode ds = root.putObject("datasets");
        for (DatasetTransition d : datasets) {
            ObjectNode o = ds.putObject(d.dataset());
            o.put("layer", d.layer());
            o.set("pgr_acc", fit(d.pgr(), d.pgrObservations()));
            o.set("gain_acc", fit(d.gain(), d.gainObservations()));
            ObjectNode first = o.putObject("first_step_pgr_ci_above_0");
            if (d.firstStepPgrAboveZero().isPresent()) {
                first.put("step", d.firstStepPgrAboveZero().getAsLong());
                first.put("revision", d.firstStepRevision());
            } else {
                first.putNull("step");
                first.put("reason", "no step's PGR interval lies above 0");
            }
            ObjectNode sp = o.putObject("spearman_pgr_vs_ceiling_acc");
            num(sp, "rho", d.pgrVsCeiling().rho());
            num(sp, "p_value", d.pgrVsCeiling().pValue());
            sp.put("steps", d.pgrVsCeiling().n());
        }
        return root;
    }

    private static ObjectNode fit(Optional<Transition> t, int observations) {
        ObjectNode o = JSON.createObjectNode();
        o.put("observations", observations);
        if (t.isEmpty()) {
            o.put("fitted", false);
            o.put("reason", "fewer than 5 observations with a defined value and tokens > 0, fewer than 4 distinct steps "
                    + "among them, or no logistic curve fits");
            return o;
        }
        Transition x = t.get();
        o.put("fitted", true);
        num(o, "midpoint_tokens", x.midpointTokens());
        interval(o, "midpoint_tokens_ci", x.midpointTokensCi());
        num(o, "midpoint_step", x.midpointStep());
        interval(o, "midpoint_step_ci", x.midpointStepCi());
        num(o, "width", x.width());
        interval(o, "width_ci", x.widthCi());
        num(o, "bottom", x.curve().bottom());
        interval(o, "bottom_ci", x.bottomCi());
        num(o, "top", x.curve().top());
        interval(o, "top_ci", x.topCi());
        num(o, "rmse", x.rmse());
        o.put("points", x.points());
        o.put("dropped", x.dropped());
        o.put("bootstrap_refits", x.resamplesUsed());
        o.put("flags", x.flags());
        return o;
    }

    private static void interval(ObjectNode o, String name, Transition.Interval i) {
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
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%s, layer %d: ", d.dataset(), d.layer()));
            b.append(describeFit("PGR", d.pgr(), d.pgrObservations()));
            b.append("; ").append(describeFit("w2s gain", d.gain(), d.gainObservations()));
            b.append("; first step with PGR CI above 0: ")
                    .append(d.firstStepPgrAboveZero().isPresent() ? d.firstStepRevision() : "none");
            Spearman s = d.pgrVsCeiling();
            b.append(Double.isNaN(s.rho()) ? "; Spearman(PGR, ceiling): n/a (" + s.n() + (s.n() == 1 ? " step)" : " steps)")
                    : String.format(Locale.ROOT, "; Spearman(PGR, ceiling) = %.2f (p = %.3g, %d steps)", s.rho(),
                    s.pValue(), s.n()));
            lines.add(b.toString());
        }
        return lines;
    }

    private static String describeFit(String what, Optional<Transition> t, int observations) {
        if (t.isEmpty()) {
            return what + " transition not fitted (needs 5 observations with a defined value and tokens > 0, at 4 or "
                    + "more steps, and a logistic that fits; " + observations + " observations in all)";
        }
        Transition x = t.get();
        return String.format(Locale.ROOT, "%s midpoint %s tokens (step ~%.0f, 95%% CI %s-%s tokens), width %.2f ln-tokens%s",
                what, SweepTokens.human(x.midpointTokens()), x.midpointStep(), SweepTokens.human(x.midpointTokensCi().low()),
                SweepTokens.human(x.midpointTokensCi().high()), x.width(),
                x.flags().isEmpty() ? "" : " [" + x.flags() + "]");
    }

    /** Token counts as 2.10B. */
    static final class SweepTokens {
        static String human(double tokens) {
            if (!Double.isFinite(tokens)) return "?";
            if (Math.abs(tokens) >= 1e15) return String.format(Locale.ROOT, "%.3g", tokens);
            String[] units = {"", "K", "M", "B", "T"};
            double v = tokens;
            int i = 0;
            while (Math.abs(v) >= 1000 && i < units.length - 1) {
                v /= 1000;
                i++;
            }
            return String.format(Locale.ROOT, i == 0 ? "%.0f%s" : "%.2f%s", v, units[i]);
        }
    }
}
