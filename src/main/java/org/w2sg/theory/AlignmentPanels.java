package org.w2sg.theory;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.knowm.xchart.XYChart;
import org.w2sg.chart.Band;

/**
 * The warm start itself, measured and predicted, on one y scale: the |cos| between the top principal component of
 * the unlabeled inputs and the target direction. Measured: {@code geo_pc1_gold_cos} of a sweep (PC1 of the strong
 * model's activations of B against the gold probe's direction, seed means with the 95% intervals of its
 * summary.csv) against tokens; theory: phase.csv's {@code init_overlap_sim} (|&lt;v_hat, w*&gt;| of the spectral start,
 * mean over seeds) and {@code init_overlap_theory} (the BBP limit) against n_pre / n*. The gold probe's direction is an
 * estimate of the target where the theory's w* is exact, so the measured value is the lower of the two at equal
 * alignment.
 */
final class AlignmentPanels {
    static final String METRIC = "geo_pc1_gold_cos";

    /** One step of summary.csv. */
    record Pt(long step, double tokens, double value, double low, double high) {}

    private AlignmentPanels() {}

    /** The measured alignment at one dataset and layer from summary.csv; empty when the run has no geometry columns. */
    static List<Pt> measured(Path summaryCsv, String dataset, String layer, String weak) throws IOException {
        List<Pt> out = new ArrayList<>();
        if (!Files.isRegularFile(summaryCsv)) return out;
        try (Reader r = Files.newBufferedReader(summaryCsv); CSVParser p = CSVParser.parse(r, TidyRows.FORMAT)) {
            if (!p.getHeaderMap().containsKey(METRIC)) return out;
            for (CSVRecord rec : p) {
                if (!dataset.isEmpty() && !rec.get("dataset").equals(dataset)) continue;
                if (!layer.isEmpty() && !rec.get("layer").equals(layer)) continue;
                if (weak != null && p.getHeaderMap().containsKey("weak") && !rec.get("weak").equals(weak)) continue;
                double v = TidyRows.number(rec.get(METRIC));
                double tokens = TidyRows.number(rec.get("tokens"));
                if (!Double.isFinite(v) || !(tokens > 0)) continue;
                out.add(new Pt(Long.parseLong(rec.get("step")), tokens, v, TidyRows.number(rec.get(METRIC + "_ci_low")),
                        TidyRows.number(rec.get(METRIC + "_ci_high"))));
            }
        }
        return out;
    }

    static XYChart measuredChart(String model, String label, List<Pt> pts) {
        XYChart c = Charts.chart("Warm start measured: " + model + " (" + label + ")", "tokens seen",
                "|cos(PC1, gold probe direction)|");
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setYAxisMax(1.0);
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        double[] x = pts.stream().mapToDouble(Pt::tokens).toArray();
        double[] y = pts.stream().mapToDouble(Pt::value).toArray();
        double[] lo = pts.stream().mapToDouble(q -> Double.isFinite(q.low()) ? q.low() : q.value()).toArray();
        double[] hi = pts.stream().mapToDouble(q -> Double.isFinite(q.high()) ? q.high() : q.value()).toArray();
        if (x.length > 1) Band.add(c, "95% CI (summary.csv)", x, lo, hi, Charts.translucent(Charts.PALETTE[0]));
        Charts.linePoints(c, "PC1 alignment (seed mean)", x, y, Charts.PALETTE[0]);
        org.w2sg.chart.TokenAxis.readable(c);
        return c;
    }

    static XYChart theoryChart(SpikedModel m, PhaseSweep.Outcome phase) {
        XYChart c = Charts.chart(String.format(Locale.ROOT, "Warm start in theory (lambda=%s, eta=%s)", m.lambda(), m.eta()),
                "pre-training samples n_pre / n*", "init_overlap = |<v_hat, w*>|");
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setYAxisMax(1.0);
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        List<PhaseSweep.Row> rows = phase.rows();
        double[] x = rows.stream().mapToDouble(r -> r.nPre() / m.nStar()).toArray();
        Charts.linePoints(c, "simulated (mean over seeds)", x,
                rows.stream().mapToDouble(PhaseSweep.Row::initOverlapSim).toArray(), Charts.PALETTE[0]);
        Charts.line(c, "BBP limit", x, rows.stream().mapToDouble(PhaseSweep.Row::initOverlapTheory).toArray())
                .setLineColor(Charts.PALETTE[3]);
        return c;
    }

    /** One line of report.txt: the measured range beside the theory's, read on the same |cos| scale. */
    static String describe(String label, List<Pt> pts, SpikedModel m, PhaseSweep.Outcome phase) {
        double lo = pts.stream().mapToDouble(Pt::value).min().orElse(Double.NaN);
        double hi = pts.stream().mapToDouble(Pt::value).max().orElse(Double.NaN);
        List<PhaseSweep.Row> rows = phase.rows();
        return String.format(Locale.ROOT, "    warm start: measured |cos(PC1, gold direction)| %.3f .. %.3f over %d steps "
                        + "(%s, first %.3f, last %.3f); theory init_overlap %.3f at n_pre = %.2g n* .. %.3f at %.2g n*%n",
                lo, hi, pts.size(), label, pts.isEmpty() ? Double.NaN : pts.get(0).value(),
                pts.isEmpty() ? Double.NaN : pts.get(pts.size() - 1).value(), rows.get(0).initOverlapSim(),
                rows.get(0).nPre() / m.nStar(), rows.get(rows.size() - 1).initOverlapSim(),
                rows.get(rows.size() - 1).nPre() / m.nStar());
    }
}
