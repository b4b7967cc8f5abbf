package org.w2sg.theory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.knowm.xchart.XYChart;
import org.w2sg.chart.Band;
import org.w2sg.io.AtomicFiles;
import org.w2sg.stats.EmergenceAnalysis;
import org.w2sg.stats.LogisticCurve;
import org.w2sg.stats.RatioInterval;
import org.w2sg.stats.StepScale;
import org.w2sg.stats.SummaryCurveFit;

/**
 * The empirical emergence curve (PGR vs tokens, from a sweep's emergence.csv) beside the synthetic PGR_0 vs n_pre
 * curve, each with its fitted 4PL transition: one PNG and a short text summary (report.txt).
 */
public final class TheoryComparison {
    public static final String PNG = "w2sg_vs_theory.png";
    public static final String TEXT = "report.txt";

    private TheoryComparison() {}

    /**
     * @param x "tokens" or "step"
     * @param dataset optional filter (null: every dataset)
     * @param layer optional layer (null: each dataset's headline layer, as in transition.json; "all": every layer)
     * @param seed seed of the bootstrap (the sweep's transition.json uses 0)
     */
    public record Options(Path run, Path synthetic, Path out, String metric, String x, String dataset, String layer,
                          int resamples, long seed, String weak) {}

    /** One plotted point: a step's value with its interval (NaN bounds: none). */
    record Pt(long step, double tokens, double value, double low, double high) {}

    /** What the left panel shows for one (dataset, layer): the metric's points and fit, and gain/(1-weak) beside PGR. */
    record Panel(EmergenceCurve curve, Optional<EmergenceAnalysis> analysis, List<Pt> points,
                 Optional<SummaryCurveFit> fit, String fitReason, List<Pt> headroom, Optional<SummaryCurveFit> headroomFit) {}

    /** Writes the PNG and report.txt into {@code out} and returns the text. */
    public static String write(Options o) throws IOException {
        String family = o.metric().endsWith("_auc") ? "auc" : "acc";
        boolean derived = o.metric().equals("gain_over_headroom_" + family);
        Path csv = o.run().resolve("emergence.csv");
        // gain/(1-weak) has no rows of its own: its curves are where the weak accuracy's are
        String weak = WeakSupervisorChoice.of(csv, o.weak());
        List<EmergenceCurve> curves = EmergenceCurve.read(csv, derived ? "weak_" + family : o.metric(), o.x(), o.dataset(), o.layer(), weak);
        SyntheticResults synthetic = SyntheticResults.read(o.synthetic());
        List<Panel> panels = new ArrayList<>();
        for (EmergenceCurve c : curves) panels.add(panel(csv, c, family, o, weak));

        SpikedModel m = synthetic.model();
        XYChart right = Charts.chart(String.format(Locale.ROOT, "Theory: spiked Gaussian (d=%d, lambda=%s, %s)", m.d(), m.lambda(), m.link().id()),
                "pre-training samples n_pre / n*", "PGR_0 = 1 - R(w2s) / R(weak)");
        right.getStyler().setXAxisLogarithmic(true);
        right.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        SyntheticPlots.addPhaseSeries(right, m, synthetic.phase(), false);
        XYChart left = empiricalChart(panels, o);
        if (o.metric().startsWith("pgr_") || derived) {
            // PGR, gain/(1-weak) and PGR_0 are all fractions of a gap: one y range, so the panels read side by side
            double lo = 0, hi = 1;
            for (Panel p : panels) {
                for (Pt q : concat(p.points(), p.headroom())) {
                    lo = Math.min(lo, finiteOr(q.low(), q.value()));
                    hi = Math.max(hi, finiteOr(q.high(), q.value()));
                }
            }
            lo = Math.max(lo, -1);
            hi = Math.min(hi, 2);
            for (XYChart c : List.of(left, right)) {
                c.getStyler().setYAxisMin(lo);
                c.getStyler().setYAxisMax(hi);
            }
        }
        // the warm start itself below, measured (the run's geometry) and predicted (phase.csv), on one |cos| scale
        Panel head = panels.get(0);
        List<AlignmentPanels.Pt> alignment = AlignmentPanels.measured(o.run().resolve("summary.csv"),
                head.curve().dataset(), head.curve().layer(), weak);
        byte[] png = alignment.isEmpty() ? Charts.png(List.of(left, right))
                : Charts.png(List.of(left, right, AlignmentPanels.measuredChart(modelName(head.curve(), o), label(head.curve()),
                alignment), AlignmentPanels.theoryChart(m, synthetic.phase())), 2, 2);
        String text = text(o, panels, synthetic);
        text = text.replace("Plot: ", alignment.isEmpty()
                ? "  warm start: the run has no " + AlignmentPanels.METRIC + " in summary.csv (swept with --no-geometry, "
                        + "or before the geometry metrics); no alignment panels\nPlot: "
                : AlignmentPanels.describe(label(head.curve()), alignment, m, synthetic.phase()) + "Plot: ");
        AtomicFiles.writeBytes(o.out().resolve(PNG), png);
        AtomicFiles.writeString(o.out().resolve(TEXT), text);
        return text;
    }

    private static Panel panel(Path csv, EmergenceCurve c, String family, Options o, String weak) throws IOException {
        Optional<EmergenceAnalysis> a = RunGrid.read(csv, family, c.dataset(), c.layer(), weak)
                .map(g -> EmergenceAnalysis.of(g, EmergenceAnalysis.Options.defaults(o.resamples(), o.seed())));
        String metric = o.metric();
        if (a.isEmpty()) {
            // a table without the three scores (hand-made, or another metric): the seeds' mean values, no fit
            List<Pt> pts = c.points().stream().map(p -> new Pt(p.step(), o.x().equals("tokens") ? p.x() : Double.NaN,
                    p.mean(), p.ciLow(), p.ciHigh())).toList();
            return new Panel(c, a, pts, Optional.empty(), "not fitted: emergence.csv has no weak_" + family
                    + ", ceiling_" + family + " and w2s_" + family + " rows here, which the statistics need",
                    List.of(), Optional.empty());
        }
        EmergenceAnalysis an = a.get();
        List<Pt> pts = points(an, metric, family);
        Optional<SummaryCurveFit> fit = Optional.empty();
        String reason = "not fitted: transitions are fitted for pgr_, gain_over_headroom_ and ceiling_ metrics";
        if (metric.equals("pgr_" + family)) {
            fit = an.pgr();
            reason = an.pgrReason();
        } else if (metric.equals("gain_over_headroom_" + family)) {
            fit = an.headroom();
            reason = an.headroomReason();
        } else if (metric.equals("ceiling_" + family)) {
            fit = an.ceiling();
            reason = "not fitted: fewer than " + SummaryCurveFit.MIN_STEPS + " steps with tokens > 0 or no logistic converged";
        }
        boolean withHeadroom = metric.equals("pgr_" + family);
        return new Panel(c, a, pts, fit, reason, withHeadroom ? points(an, "gain_over_headroom_" + family, family) : List.of(),
                withHeadroom ? an.headroom() : Optional.empty());
    }

    /** The metric's per-step values from the analysis; a metric it does not compute reads as nothing. */
    private static List<Pt> points(EmergenceAnalysis a, String metric, String family) {
        List<Pt> out = new ArrayList<>();
        for (EmergenceAnalysis.StepStats s : a.steps()) {
            double v, lo, hi;
            if (metric.equals("pgr_" + family) || metric.equals("gain_over_headroom_" + family)) {
                RatioInterval r = metric.startsWith("pgr_") ? s.pgr() : s.headroom();
                if (metric.startsWith("pgr_") && !r.defined()) continue;
                v = r.value();
                lo = r.low();
                hi = r.high();
            } else {
                EmergenceAnalysis.Value val = metric.equals("weak_" + family) ? s.weak() : metric.equals("ceiling_" + family)
                        ? s.ceiling() : metric.equals("w2s_" + family) ? s.w2s() : metric.equals("gain_" + family) ? s.gain() : null;
                if (val == null) return List.of();
                v = val.value();
                lo = val.ci().low();
                hi = val.ci().high();
            }
            if (Double.isFinite(v)) out.add(new Pt(s.step(), s.tokens(), v, lo, hi));
        }
        return out;
    }

    private static XYChart empiricalChart(List<Panel> panels, Options o) {
        String model = modelName(panels.get(0).curve(), o);
        boolean tokens = o.x().equals("tokens");
        XYChart c = Charts.chart("Checkpoints: " + model, tokens ? "tokens seen" : "training step",
                o.metric() + (panels.stream().mapToInt(p -> p.curve().seeds()).max().orElse(1) == 1 ? " (1 seed)" : " (over seeds)"));
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        boolean any = false;
        for (int i = 0; i < panels.size(); i++) {
            Panel p = panels.get(i);
            String name = label(p.curve());
            java.awt.Color color = Charts.PALETTE[i % Charts.PALETTE.length];
            java.awt.Color fitColor = panels.size() == 1 ? Charts.PALETTE[3] : color.darker(); // red, as on the theory side
            any |= series(c, name, p.points(), p.fit(), p.analysis(), color, fitColor, tokens);
            if (!p.headroom().isEmpty()) {
                series(c, name + " gain/(1-weak), analog of PGR_0", p.headroom(), p.headroomFit(), p.analysis(),
                        Charts.GREY, Charts.GREY.darker(), tokens);
            }
        }
        if (!any) {
            // XChart cannot draw an empty log axis: one invisible point keeps the frame, its legend says why
            var s = c.addSeries("no step has a defined " + o.metric(), new double[] {1}, new double[] {0});
            s.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
        }
        org.w2sg.chart.TokenAxis.readable(c); // "1B", not "1E9"
        return c;
    }

    /** Draws one curve with its interval and fit; false when it has no point with x > 0. */
    private static boolean series(XYChart c, String name, List<Pt> all, Optional<SummaryCurveFit> fit,
                                  Optional<EmergenceAnalysis> a, java.awt.Color color, java.awt.Color fitColor, boolean tokens) {
        List<Pt> pts = all.stream().filter(q -> (tokens ? q.tokens() : q.step()) > 0).toList();
        if (pts.isEmpty()) return false;
        double[] x = pts.stream().mapToDouble(q -> tokens ? q.tokens() : q.step()).toArray();
        double[] y = pts.stream().mapToDouble(Pt::value).toArray();
        double[] lo = pts.stream().mapToDouble(q -> finiteOr(q.low(), q.value())).toArray();
        double[] hi = pts.stream().mapToDouble(q -> finiteOr(q.high(), q.value())).toArray();
        if (x.length == 1) {
            Charts.line(c, name + " 95% CI", new double[] {x[0], x[0]}, new double[] {lo[0], hi[0]}).setLineColor(color);
        } else {
            Band.add(c, name + " 95% CI", x, lo, hi, Charts.translucent(color));
        }
        Charts.linePoints(c, name, x, y, color);
        if (fit.isPresent() && a.isPresent() && x.length > 1) {
            LogisticCurve f = fit.get().curve();
            double[] dense = Charts.logSpace(Charts.min(x), Charts.max(x), 300);
            double[] fy = new double[dense.length];
            for (int j = 0; j < dense.length; j++) fy[j] = f.at(Math.log(tokens ? dense[j] : StepScale.tokensAt(a.get().curves().steps(), a.get().curves().tokens(), dense[j])));
            Charts.line(c, name + " 4PL fit", dense, fy).setLineColor(fitColor);
            double mid = tokens ? Math.exp(f.mid()) : StepScale.stepAt(a.get().curves().steps(), a.get().curves().tokens(), f.mid());
            if (Double.isFinite(mid) && mid >= Charts.min(x) && mid <= Charts.max(x)) {
                Charts.vertical(c, String.format(Locale.ROOT, "%s midpoint %.3g", name, mid), mid,
                        Math.min(Charts.min(y), Charts.min(lo)), Math.max(Charts.max(y), Charts.max(hi))).setLineColor(fitColor);
            }
        }
        return true;
    }

    private static double finiteOr(double v, double fallback) {
        return Double.isFinite(v) ? v : fallback;
    }

    private static List<Pt> concat(List<Pt> a, List<Pt> b) {
        List<Pt> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static String fitLine(String what, Optional<SummaryCurveFit> t, String reason, double[] range,
                                  Optional<EmergenceAnalysis> a) {
        if (t.isEmpty()) return what + " transition " + (reason.isEmpty() ? "not fitted" : reason);
        SummaryCurveFit x = t.get();
        LogisticCurve f = x.curve();
        String lo = x.midCi().low() < range[0] ? "unbounded" : StepScale.human(Math.exp(x.midCi().low()));
        String hi = x.midCi().high() > range[1] ? "unbounded" : StepScale.human(Math.exp(x.midCi().high()));
        String ci = x.midCi().finite() ? lo + " .. " + hi : "n/a";
        String verdict = Double.isNaN(x.pVsConstant()) ? "" : x.transitionPresent(0.05)
                ? String.format(Locale.ROOT, "; transition present (vs constant p = %.3g, vs line p = %.3g)", x.pVsConstant(), x.pVsLine())
                : String.format(Locale.ROOT, "; no clear transition: a %s fits as well (vs constant p = %.3g, vs line p = %.3g)",
                        x.winner(), x.pVsConstant(), x.pVsLine());
        double step = a.map(an -> StepScale.stepAt(an.curves().steps(), an.curves().tokens(), f.mid())).orElse(Double.NaN);
        return String.format(Locale.ROOT, "%s 4PL: from %.3f to %.3f; midpoint %s tokens (step ~%.0f), 95%% CI %s tokens; "
                + "width %.2f ln-tokens%s", what, f.bottom(), f.top(), StepScale.human(Math.exp(f.mid())), step, ci, f.width(), verdict);
    }

    private static String modelName(EmergenceCurve c, Options o) {
        return c.model().isEmpty() ? o.run().getFileName().toString() : c.model();
    }

    private static String label(EmergenceCurve c) {
        List<String> parts = new ArrayList<>();
        if (!c.dataset().isEmpty()) parts.add(c.dataset());
        if (!c.layer().isEmpty()) parts.add("layer " + c.layer());
        return parts.isEmpty() ? c.metric() : String.join(", ", parts);
    }

    private static String text(Options o, List<Panel> panels, SyntheticResults s) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Empirical: %s, metric '%s' against %s%n", o.run().resolve("emergence.csv"), o.metric(), o.x()));
        for (Panel p : panels) {
            EmergenceCurve c = p.curve();
            int seeds = p.analysis().map(a -> a.steps().stream().mapToInt(EmergenceAnalysis.StepStats::seeds).max().orElse(0))
                    .orElse(c.seeds());
            long used = p.points().stream().filter(q -> (o.x().equals("tokens") ? q.tokens() : q.step()) > 0).count();
            int steps = p.analysis().map(a -> a.steps().size()).orElse(c.points().size());
            sb.append(String.format(Locale.ROOT, "  %s: %d of %d steps with a defined value and %s > 0, %d seed%s%n",
                    label(c), used, steps, o.x(), seeds, seeds == 1 ? "" : "s"));
            if (p.analysis().isPresent() && seeds < 2) {
                sb.append("    intervals cover test-set noise only (fewer than 2 seeds: split-to-split variation is not in them)\n");
            }
            if (p.points().isEmpty()) {
                sb.append(String.format(Locale.ROOT, "    no step has a defined %s%s: try --metric gain_over_headroom_acc "
                        + "(gain / (1 - weak), always defined) or gain_acc (w2s - weak)%n", o.metric(),
                        o.metric().startsWith("pgr_") ? " (the ceiling-weak gap's lower bound is never above 0)" : ""));
            }
            double[] range = p.analysis().map(EmergenceAnalysis::lnTokenRange).orElse(new double[] {0, 0});
            sb.append("    ").append(fitLine(o.metric(), p.fit(), p.fitReason(), range, p.analysis())).append('\n');
            if (p.headroomFit().isPresent() || !p.headroom().isEmpty()) {
                sb.append("    ").append(fitLine("gain/(1-weak), the empirical analog of PGR_0", p.headroomFit(),
                        p.analysis().map(EmergenceAnalysis::headroomReason).orElse(""), range, p.analysis())).append('\n');
            }
            if (p.analysis().isPresent() && o.metric().startsWith("pgr_")) {
                EmergenceAnalysis a = p.analysis().get();
                sb.append(a.firstStep().map(f -> String.format(Locale.ROOT,
                                "    first step whose PGR interval lies above 0: step %d (%s tokens)%n", f.step(), StepScale.human(f.tokens())))
                        .orElse("    no step's PGR interval lies above 0\n"));
                if (Double.isFinite(a.crossing())) {
                    sb.append(String.format(Locale.ROOT, "    the ceiling crosses the weak accuracy %.3f at %s tokens; PGR "
                            + "midpoint - crossing = %s ln-tokens%n", a.weakLevel(), StepScale.human(Math.exp(a.crossing())),
                            Double.isFinite(a.offset()) ? String.format(Locale.ROOT, "%.2f (95%% CI %s)", a.offset(),
                                    a.offsetCi().finite() ? String.format(Locale.ROOT, "%.2f .. %.2f", a.offsetCi().low(), a.offsetCi().high()) : "n/a") : "n/a"));
                }
            }
        }
        SpikedModel m = s.model();
        PhaseSweep.Transition t = s.phase().transition();
        sb.append(String.format(Locale.ROOT, "Theory: %s (d=%d, lambda=%s, eta=%s, %s, kappa=%s, tau=%s), n* = d / lambda^2 = %.1f%n",
                o.synthetic(), m.d(), m.lambda(), m.eta(), m.link().id(), m.kappa(), m.tau(), m.nStar()));
        if (t.fit() == null) {
            sb.append("  no PGR_0 transition in summary.json\n");
        } else {
            LogisticCurve f = t.fit().curve();
            sb.append(String.format(Locale.ROOT, "  4PL: PGR_0 from %.3f to %.3f (predicted saturation %.3f); midpoint n_pre = %.4g = %.2f n*%n",
                    f.bottom(), f.top(), PhaseSweep.pgr0(m.weakRisk(), m.saturationRisk()), t.midNPre(), t.midNPre() / m.nStar()));
            if (Double.isFinite(t.midCi().low())) {
                sb.append(String.format(Locale.ROOT, "  95%% CI of the midpoint: %.4g .. %.4g n_pre (seed bootstrap)%n", t.midCi().low(), t.midCi().high()));
            }
            if (!t.flags().isEmpty()) sb.append("  flags: ").append(t.flags()).append('\n');
        }
        sb.append("Plot: ").append(o.out().resolve(PNG)).append('\n');
        return sb.toString();
    }
}
