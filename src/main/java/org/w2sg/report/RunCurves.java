package org.w2sg.report;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import org.w2sg.run.Metric;
import org.w2sg.probe.MetricNames;
import org.w2sg.run.UnitResult;
import org.w2sg.stats.SeedCurves;

/**
 * A run's finished units of one dataset and layer as the steps x seeds grid the statistics work on, for one metric
 * family: accuracy ({@code weak_acc}, {@code ceiling_acc}, {@code w2s_acc}, {@code gain_acc}) or AUC. A unit's
 * test-set standard error is read back from its paired-bootstrap 95% interval (half-width / 1.96). For accuracy, the
 * units' per-row test correctness goes along when every unit recorded it for the same test rows (same ids hash), so
 * the bootstrap resamples rows jointly; AUC is not a mean over rows and keeps the standard errors.
 */
public final class RunCurves {
    /** The metric names of one family: weak, ceiling, w2s, gain. */
    public record Family(String suffix, String weak, String ceiling, String w2s, String gain, String pgr) {}

    public static final Family ACC = new Family("acc", MetricNames.WEAK_ACC, MetricNames.CEILING_ACC,
            MetricNames.W2S_ACC, MetricNames.GAIN_ACC, MetricNames.PGR_ACC);
    public static final Family AUC = new Family("auc", MetricNames.WEAK_AUC, MetricNames.CEILING_AUC,
            MetricNames.W2S_AUC, MetricNames.GAIN_AUC, MetricNames.PGR_AUC);

    private RunCurves() {}

    /** Revisions of the grid's steps, in step order (for printing). */
    public record Grid(SeedCurves curves, List<String> revisions) {}

    public static Grid of(List<UnitResult> units, Family f) {
        TreeMap<Long, List<UnitResult>> bySteps = new TreeMap<>();
        TreeSet<Integer> seeds = new TreeSet<>();
        for (UnitResult r : units) {
            bySteps.computeIfAbsent(r.unit().step(), k -> new ArrayList<>()).add(r);
            seeds.add(r.unit().seed());
        }
        List<Integer> seedList = new ArrayList<>(seeds);
        int m = bySteps.size(), s = seedList.size();
        long[] steps = new long[m];
        double[] tokens = new double[m];
        double[][][] v = new double[3][m][s], se = new double[3][m][s];
        double[][] seGain = new double[m][s];
        List<String> revisions = new ArrayList<>();
        boolean[][][][] rows = f == ACC && sameTestRows(units) ? new boolean[3][m][s][] : null;
        int i = 0;
        for (var e : bySteps.entrySet()) {
            steps[i] = e.getKey();
            tokens[i] = e.getValue().get(0).unit().tokens();
            revisions.add(e.getValue().get(0).unit().revision());
            for (double[][] a : v) java.util.Arrays.fill(a[i], Double.NaN);
            for (double[][] a : se) java.util.Arrays.fill(a[i], Double.NaN);
            java.util.Arrays.fill(seGain[i], Double.NaN);
            for (UnitResult r : e.getValue()) {
                int k = seedList.indexOf(r.unit().seed());
                String[] names = {f.weak(), f.ceiling(), f.w2s()};
                for (int j = 0; j < 3; j++) {
                    var metric = r.metric(names[j]);
                    if (metric.isEmpty() || !metric.get().defined()) continue;
                    v[j][i][k] = metric.get().value();
                    se[j][i][k] = se(metric.get());
                }
                seGain[i][k] = r.metric(f.gain()).filter(Metric::defined).map(RunCurves::se).orElse(Double.NaN);
                if (rows != null) for (int j = 0; j < 3; j++) rows[j][i][k] = r.testRows().correct(j);
            }
            i++;
        }
        return new Grid(new SeedCurves(steps, tokens, v[0], v[1], v[2], se[0], se[1], se[2], seGain, rows), revisions);
    }

    /**
     * One metric of every unit as a steps x seeds grid ({@code [0]} values, {@code [1]} test-set SEs; NaN where
     * missing or undefined), in the order {@link #of} uses.
     */
    public static double[][][] grid(List<UnitResult> units, String metric) {
        TreeSet<Long> steps = new TreeSet<>();
        TreeSet<Integer> seeds = new TreeSet<>();
        for (UnitResult r : units) {
            steps.add(r.unit().step());
            seeds.add(r.unit().seed());
        }
        List<Long> stepList = new ArrayList<>(steps);
        List<Integer> seedList = new ArrayList<>(seeds);
        double[][][] out = new double[2][steps.size()][seeds.size()];
        for (double[][] a : out) for (double[] row : a) java.util.Arrays.fill(row, Double.NaN);
        for (UnitResult r : units) {
            var m = r.metric(metric).filter(Metric::defined);
            if (m.isEmpty()) continue;
            int i = stepList.indexOf(r.unit().step()), k = seedList.indexOf(r.unit().seed());
            out[0][i][k] = m.get().value();
            out[1][i][k] = se(m.get());
        }
        return out;
    }

    /** Whether every unit recorded its test rows, all for the same T (ids in the same order). */
    static boolean sameTestRows(List<UnitResult> units) {
        if (units.isEmpty()) return false;
        var first = units.get(0).testRows();
        for (UnitResult r : units) {
            var t = r.testRows();
            if (t == null || first == null || !t.ids().equals(first.ids()) || t.rows() != first.rows()) return false;
        }
        return true;
    }

    static double se(Metric m) {
        if (m.ciLow() == null || m.ciHigh() == null) return Double.NaN;
        return (m.ciHigh() - m.ciLow()) / (2 * 1.959963984540054);
    }
}
