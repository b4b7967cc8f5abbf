package org.w2sg.theory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.knowm.xchart.XYChart;
import org.w2sg.chart.Band;
import org.w2sg.io.AtomicFiles;
import org.w2sg.stats.LogisticCurve;
import org.w2sg.stats.Transition;

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
                          int resamples, long seed) {}

    /** Writes the PNG and report.txt into {@code out} and returns the text. */
    public static String write(Options o) throws IOException {
        List<EmergenceCurve> curves = EmergenceCurve.read(o.run().resolve("emergence.csv"), o.metric(), o.x(), o.dataset(), o.layer());
        SyntheticResults synthetic = SyntheticResults.read(o.synthetic());
        // the sweep's own transition fit (report.stats): one observation per step and seed, bootstrap over them
        List<Optional<Transition>> transitions = new ArrayList<>();
        for (EmergenceCurve c : curves) transitions.add(Transition.fit(c.observations(), o.resamples(), SeedBootstrap.LEVEL, o.seed()));

        XYChart left = empiricalChart(curves, transitions, o);
        SpikedModel m = synthetic.model();
        XYChart right = Charts.chart(String.format(Locale.ROOT, "Theory: spiked Gaussian (d=%d, lambda=%s, %s)", m.d(), m.lambda(), m.link().id()),
                "pre-training samples n_pre / n*", "PGR_0 = 1 - R(w2s) / R(weak)");
        right.getStyler().setXAxisLogarithmic(true);
        right.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        SyntheticPlots.addPhaseSeries(right, m, synthetic.phase(), false);
        byte[] png = Charts.png(List.of(left, right));
        String text = text(o, curves, transitions, synthetic);
        AtomicFiles.writeBytes(o.out().resolve(PNG), png);
        AtomicFiles.writeString(o.out().resolve(TEXT), text);
        return text;
    }

    private static XYChart empiricalChart(List<EmergenceCurve> curves, List<Optional<Transition>> transitions, Options o) {
        String model = curves.get(0).model().isEmpty() ? o.run().getFileName().toString() : curves.get(0).model();
        int seeds = curves.stream().mapToInt(EmergenceCurve::seeds).max().orElse(1);
        String over = seeds == 1 ? " (1 seed)" : " (mean over " + seeds + " seeds)";
        XYChart c = Charts.chart("Checkpoints: " + model, o.x().equals("tokens") ? "tokens seen" : "training step",
                o.metric() + over);
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        for (int i = 0; i < curves.size(); i++) {
            EmergenceCurve curve = curves.get(i);
            Optional<Transition> t = transitions.get(i);
            String name = label(curve);
            double[] x = curve.points().stream().mapToDouble(EmergenceCurve.Point::x).toArray();
            double[] y = curve.points().stream().mapToDouble(EmergenceCurve.Point::mean).toArray();
            double[] lo = curve.points().stream().mapToDouble(EmergenceCurve.Point::ciLow).toArray();
            double[] hi = curve.points().stream().mapToDouble(EmergenceCurve.Point::ciHigh).toArray();
            java.awt.Color color = Charts.PALETTE[i % Charts.PALETTE.length];
            java.awt.Color fitColor = curves.size() == 1 ? Charts.PALETTE[3] : color.darker(); // red, as on the theory side
            if (java.util.Arrays.stream(lo).allMatch(Double::isFinite) && java.util.Arrays.stream(hi).allMatch(Double::isFinite)) {
                Band.add(c, name + " 95% CI" + over, x, lo, hi, Charts.translucent(color));
            }
            Charts.linePoints(c, name, x, y, color);
            if (t.isPresent()) {
                LogisticCurve f = t.get().curve();
                double[] dense = Charts.logSpace(Charts.min(x), Charts.max(x), 300);
                double[] fy = new double[dense.length];
                for (int j = 0; j < dense.length; j++) fy[j] = f.at(Math.log(dense[j]));
                Charts.line(c, name + " 4PL fit", dense, fy).setLineColor(fitColor);
                double mid = t.get().midpointTokens();
                if (Double.isFinite(mid)) {
                    Charts.vertical(c, String.format(Locale.ROOT, "%s midpoint %.3g", name, mid), mid,
                            Math.min(Charts.min(y), Charts.min(lo)), Math.max(Charts.max(y), Charts.max(hi))).setLineColor(fitColor);
                }
            }
        }
        return c;
    }

    private static String label(EmergenceCurve c) {
        List<String> parts = new ArrayList<>();
        if (!c.dataset().isEmpty()) parts.add(c.dataset());
        if (!c.layer().isEmpty()) parts.add("layer " + c.layer());
        return parts.isEmpty() ? c.metric() : String.join(", ", parts);
    }

    private static String text(Options o, List<EmergenceCurve> curves, List<Optional<Transition>> transitions, SyntheticResults s) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Empirical: %s, metric '%s' against %s%n", o.run().resolve("emergence.csv"), o.metric(), o.x()));
        for (int i = 0; i < curves.size(); i++) {
            EmergenceCurve c = curves.get(i);
            Optional<Transition> t = transitions.get(i);
            sb.append(String.format(Locale.ROOT, "  %s: %d step%s, %d seed%s%s%n", label(c), c.points().size(),
                    c.points().size() == 1 ? "" : "s", c.seeds(), c.seeds() == 1 ? "" : "s",
                    c.unusable() > 0 ? ", " + c.unusable() + " row(s) without a value or a positive " + o.x() + " left out" : ""));
            if (t.isEmpty()) {
                sb.append("    no transition fit (needs 5 usable observations and a logistic that fits)\n");
            } else {
                Transition x = t.get();
                LogisticCurve f = x.curve();
                sb.append(String.format(Locale.ROOT, "    4PL: %s from %.3f to %.3f; midpoint %.4g %s%s, width %.2f in ln %s%n",
                        o.metric(), f.bottom(), f.top(), x.midpointTokens(), o.x(),
                        o.x().equals("tokens") ? String.format(Locale.ROOT, " (step ~%.0f)", x.midpointStep()) : "", x.width(), o.x()));
                sb.append(String.format(Locale.ROOT, "    95%% CI of the midpoint: %.4g .. %.4g %s (bootstrap over %d step-seed observations, %d refits)%n",
                        x.midpointTokensCi().low(), x.midpointTokensCi().high(), o.x(), x.points(), x.resamplesUsed()));
                if (!x.flags().isEmpty()) sb.append("    flags: ").append(x.flags()).append('\n');
            }
            long[] steps = c.points().stream().mapToLong(EmergenceCurve.Point::step).toArray();
            double[] lows = c.points().stream().mapToDouble(EmergenceCurve.Point::ciLow).toArray();
            OptionalLong first = Transition.firstStepAbove(steps, lows, 0.0);
            sb.append(first.isPresent()
                    ? String.format(Locale.ROOT, "    first step whose CI lower bound (mean over seeds) exceeds 0: %d%n", first.getAsLong())
                    : "    no step has a CI lower bound above 0\n");
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
