package org.w2sg.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.w2sg.geometry.GeometryResult;
import org.w2sg.run.Metric;
import org.w2sg.run.UnitResult;
import org.w2sg.stats.ClusterBootstrap;
import org.w2sg.stats.Interval;
import org.w2sg.stats.SeedCurves;

/**
 * The geometry metrics ({@code geo_*}) of one dataset and layer combined over seeds, per step, with the run's one
 * interval method: {@link ClusterBootstrap} (seeds as clusters, Student-t scaled, plus the shared test set's noise read
 * back from a unit's interval where the metric is scored on T). A metric fitted on B alone has no test-set term, so
 * with one seed it gets no interval.
 */
final class GeometrySummary {
    private GeometrySummary() {}

    static boolean isGeometry(String metric) {
        return metric.startsWith(GeometryResult.PREFIX);
    }

    /** The least value a metric can take: 0 for counts, ratios, |cos|, shares, accuracies and AUCs; d' is signed. */
    static double lowest(String name) {
        return name.equals(GeometryResult.FISHER_DPRIME) ? Double.NEGATIVE_INFINITY : 0;
    }

    /** The largest: 1 for |cos|, shares, accuracies and AUCs. */
    static double highest(String name) {
        return name.equals(GeometryResult.FISHER_DPRIME) || name.equals(GeometryResult.OUTLIERS)
                || name.equals(GeometryResult.TOP_OVER_EDGE) ? Double.POSITIVE_INFINITY : 1;
    }

    /** The geometry metrics the units recorded, in the order they first appear. */
    static List<String> names(List<UnitResult> results) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (UnitResult r : results) for (Metric m : r.metrics()) if (isGeometry(m.name())) names.add(m.name());
        return List.copyOf(names);
    }

    /** Per step of one dataset and layer's units: each geometry metric's seed mean with its interval. */
    static Map<Long, Map<String, SeedAggregate>> of(List<UnitResult> units) {
        TreeMap<Long, List<UnitResult>> bySteps = new TreeMap<>();
        TreeSet<Integer> seedSet = new TreeSet<>();
        for (UnitResult r : units) {
            bySteps.computeIfAbsent(r.unit().step(), k -> new ArrayList<>()).add(r);
            seedSet.add(r.unit().seed());
        }
        List<Integer> seeds = new ArrayList<>(seedSet);
        Map<Long, Map<String, SeedAggregate>> out = new LinkedHashMap<>();
        for (long step : bySteps.keySet()) out.put(step, new LinkedHashMap<>());
        for (String name : names(units)) {
            int m = bySteps.size(), s = seeds.size();
            long[] steps = new long[m];
            double[] tokens = new double[m];
            double[][] v = new double[m][s], se = new double[m][s], zero = new double[m][s];
            int i = 0;
            for (var e : bySteps.entrySet()) {
                steps[i] = e.getKey();
                tokens[i] = e.getValue().get(0).unit().tokens();
                java.util.Arrays.fill(v[i], Double.NaN);
                java.util.Arrays.fill(se[i], Double.NaN);
                for (UnitResult r : e.getValue()) {
                    Optional<Metric> x = r.metric(name).filter(Metric::defined);
                    if (x.isEmpty()) continue;
                    int k = seeds.indexOf(r.unit().seed());
                    v[i][k] = x.get().value();
                    se[i][k] = RunCurves.se(x.get());
                }
                i++;
            }
            // one score: the bootstrap's three score slots all hold it; only the first is read
            ClusterBootstrap.Draws d = ClusterBootstrap.draw(new SeedCurves(steps, tokens, v, v, v, se, se, se, zero),
                    StepSummary.RESAMPLES, StepSummary.SEED);
            i = 0;
            for (var e : bySteps.entrySet()) {
                List<Metric> perSeed = e.getValue().stream().map(r -> r.metric(name)).flatMap(Optional::stream).toList();
                String flags = SeedAggregate.seedFlags(name, perSeed);
                double point = d.point()[0][i];
                SeedAggregate a;
                if (!Double.isFinite(point)) {
                    a = new SeedAggregate(null, null, null, d.seeds()[i], flags);
                } else {
                    Interval ci = Interval.percentile(d.column(0, i), 0.95);
                    boolean none = !ci.finite() || ci.high() - ci.low() <= 1e-12 * Math.max(1, Math.abs(point));
                    // the resampled means of few seeds can leave the metric's range; its bounds hold for the mean too
                    double lo = Math.max(ci.low(), lowest(name)), hi = Math.min(ci.high(), highest(name));
                    a = new SeedAggregate(point, none ? null : lo, none ? null : hi, d.seeds()[i], flags);
                }
                out.get(e.getKey()).put(name, a);
                i++;
            }
        }
        return out;
    }
}
