package org.w2sg.theory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.XYChart;
import org.w2sg.chart.Band;

/** PNGs of the three synthetic experiments. */
final class SyntheticPlots {
    private SyntheticPlots() {}

    static byte[] bbp(SyntheticConfig cfg, List<BbpExperiment.Point> points) {
        SpikedModel m = cfg.model();
        XYChart c = Charts.chart(String.format("PCA overlap vs BBP (d=%d, lambda=%s)", m.d(), m.lambda()),
                "gamma = d / n_pre", "<vhat, v>^2");
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        double[] x = points.stream().mapToDouble(p -> (double) m.d() / p.nPre()).toArray();
        double[] y = points.stream().mapToDouble(BbpExperiment.Point::overlapSq).toArray();
        Charts.points(c, "simulation (each seed)", x, y);
        double[] g = Charts.logSpace(Charts.min(x), Charts.max(x), 300);
        double[] theory = new double[g.length];
        for (int i = 0; i < g.length; i++) theory[i] = Bbp.overlapSq(g[i], m.lambda());
        Charts.line(c, "BBP limit", g, theory);
        Charts.vertical(c, "threshold gamma = lambda^2", m.lambda() * m.lambda(), 0, 1);
        return Charts.png(c);
    }

    static byte[] dynamics(SyntheticConfig cfg, List<DynamicsExperiment.Trajectory> trajectories) {
        SpikedModel m = cfg.model();
        String over = cfg.seeds() == 1 ? "(1 seed)" : "(mean over " + cfg.seeds() + " seeds)";
        XYChart overlap = Charts.chart(String.format("Student overlap (d=%d, n_pre=%d)", m.d(), cfg.nPre()),
                "samples / d", "<w, w*> " + over);
        XYChart risk = Charts.chart("Test risk vs the noiseless truth", "samples / d", "risk " + over);
        // legends below the plots, never over the curves
        overlap.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        risk.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        Map<String, List<DynamicsExperiment.Trajectory>> groups = new TreeMap<>();
        for (var t : trajectories) groups.computeIfAbsent(t.init().id() + " start, " + t.labels().id() + " labels", k -> new ArrayList<>()).add(t);
        double xMax = 0;
        for (var e : groups.entrySet()) {
            List<DynamicsExperiment.Trajectory> ts = e.getValue();
            int n = ts.get(0).snapshots().size();
            double[] x = new double[n], ov = new double[n], rk = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = (double) (ts.get(0).snapshots().get(i).step() + ts.get(0).extraSamples()) / m.d();
                for (var t : ts) {
                    ov[i] += t.snapshots().get(i).overlap() / ts.size();
                    rk[i] += t.snapshots().get(i).risk() / ts.size();
                }
            }
            xMax = Math.max(xMax, x[n - 1]);
            Charts.line(overlap, e.getKey(), x, ov);
            Charts.line(risk, e.getKey(), x, rk);
        }
        Charts.horizontal(overlap, "kappa (weak supervisor)", m.kappa(), 0, xMax);
        Charts.horizontal(risk, "weak supervisor R(w_w) + tau^2", m.weakRisk(), 0, xMax);
        Charts.horizontal(risk, "predicted w2s saturation R(w_w)", m.saturationRisk(), 0, xMax);
        // a log axis only where the risks span decades; within one it would show a single tick label
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (var s : risk.getSeriesMap().values()) {
            for (double y : s.getYData()) {
                if (y > 0 && Double.isFinite(y)) {
                    lo = Math.min(lo, y);
                    hi = Math.max(hi, y);
                }
            }
        }
        risk.getStyler().setYAxisLogarithmic(hi / lo >= 100);
        return Charts.png(List.of(overlap, risk));
    }

    static byte[] phase(SyntheticConfig cfg, PhaseSweep.Outcome phase) {
        SpikedModel m = cfg.model();
        XYChart c = Charts.chart(String.format("W2SG vs pre-training (d=%d, lambda=%s, %s)", m.d(), m.lambda(), m.link().id()),
                "n_pre / n*", "recovered gap");
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        addPhaseSeries(c, m, phase, true);
        return Charts.png(c);
    }

    /** PGR_0 with its CI band, the fitted transition, and (optionally) PGR where defined; x = n_pre / n*. */
    static void addPhaseSeries(XYChart c, SpikedModel m, PhaseSweep.Outcome phase, boolean withPgr) {
        List<PhaseSweep.Row> rows = phase.rows();
        double[] x = rows.stream().mapToDouble(r -> r.nPre() / m.nStar()).toArray();
        double[] pgr0 = rows.stream().mapToDouble(PhaseSweep.Row::pgr0).toArray();
        double[] lo = rows.stream().mapToDouble(r -> r.pgr0Ci().low()).toArray();
        double[] hi = rows.stream().mapToDouble(r -> r.pgr0Ci().high()).toArray();
        java.awt.Color blue = Charts.PALETTE[0], red = Charts.PALETTE[3];
        boolean band = java.util.Arrays.stream(lo).allMatch(Double::isFinite) && java.util.Arrays.stream(hi).allMatch(Double::isFinite);
        if (band) Band.add(c, "PGR_0 95% CI (seed bootstrap)", x, lo, hi, Charts.translucent(blue));
        Charts.linePoints(c, "PGR_0 (mean over seeds)", x, pgr0, blue);
        if (withPgr) {
            List<double[]> defined = new ArrayList<>();
            for (PhaseSweep.Row r : rows) if (Double.isFinite(r.pgr())) defined.add(new double[] {r.nPre() / m.nStar(), r.pgr()});
            if (!defined.isEmpty()) {
                Charts.points(c, "PGR (where defined)", defined.stream().mapToDouble(p -> p[0]).toArray(),
                        defined.stream().mapToDouble(p -> p[1]).toArray()).setMarkerColor(Charts.PALETTE[2]);
            }
        }
        org.w2sg.stats.LogisticFit.Result fit = phase.transition().fit();
        double yLo = band ? Math.min(Charts.min(pgr0), Charts.min(lo)) : Charts.min(pgr0);
        double yHi = band ? Math.max(Charts.max(pgr0), Charts.max(hi)) : Charts.max(pgr0);
        if (fit != null) {
            double[] dense = Charts.logSpace(Charts.min(x), Charts.max(x), 300);
            double[] curve = new double[dense.length];
            for (int i = 0; i < dense.length; i++) curve[i] = fit.curve().at(Math.log(dense[i] * m.nStar()));
            Charts.line(c, "4PL fit of PGR_0", dense, curve).setLineColor(red);
            double mid = phase.transition().midNPre() / m.nStar();
            if (Double.isFinite(mid)) Charts.vertical(c, String.format(java.util.Locale.ROOT, "midpoint n_pre = %.3g n*", mid), mid, yLo, yHi).setLineColor(red);
        }
        Charts.horizontal(c, "predicted PGR_0 saturation", PhaseSweep.pgr0(m.weakRisk(), m.saturationRisk()), Charts.min(x), Charts.max(x))
                .setLineColor(Charts.PALETTE[1]);
        Charts.vertical(c, "n* = d / lambda^2", 1.0, yLo, yHi).setLineColor(Charts.GREY);
    }
}
