package org.w2sg.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w2sg.run.Metric;
import smile.stat.distribution.TDistribution;

/**
 * One metric of one (step, dataset, layer) combined over split seeds. With one seed: its value and paired-bootstrap
 * CI. With several: the mean, and a 95% Student-t interval over the seeds' values, which covers both the test-set
 * noise and the split-to-split variation (each seed draws its own A, B and T). Seeds where the metric is undefined
 * (PGR below the floor) are left out, and the flags say for how many.
 */
public record SeedAggregate(Double value, Double ciLow, Double ciHigh, int seeds, String flags) {
    public static SeedAggregate of(String name, List<Metric> perSeed) {
        List<Metric> defined = perSeed.stream().filter(Metric::defined).toList();
        String flags = flags(name, perSeed, defined.size());
        int n = defined.size();
        if (n == 0) return new SeedAggregate(null, null, null, 0, flags);
        if (n == 1) {
            Metric m = defined.get(0);
            return new SeedAggregate(m.value(), m.ciLow(), m.ciHigh(), 1, flags);
        }
        double mean = 0;
        for (Metric m : defined) mean += m.value();
        mean /= n;
        double ss = 0;
        for (Metric m : defined) ss += (m.value() - mean) * (m.value() - mean);
        double sd = Math.sqrt(ss / (n - 1));
        double half = new TDistribution(n - 1).quantile(0.975) * sd / Math.sqrt(n);
        return new SeedAggregate(mean, mean - half, mean + half, n, flags);
    }

    /**
     * e.g. {@code pgr_acc:pgr_undefined(2/3 seeds)}: each kind of flag (the text before its first ':'; the per-seed
     * details are in emergence.csv) with the number of seeds that raised it; empty when every seed is clean.
     */
    private static String flags(String name, List<Metric> perSeed, int defined) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Metric m : perSeed) {
            if (m.flags().isEmpty()) continue;
            java.util.Set<String> kinds = new java.util.LinkedHashSet<>();
            for (String f : m.flags().split(";")) {
                int colon = f.indexOf(':');
                kinds.add((colon < 0 ? f : f.substring(0, colon)).trim());
            }
            for (String k : kinds) counts.merge(k, 1, Integer::sum);
        }
        List<String> out = new ArrayList<>();
        counts.forEach((f, c) -> out.add(name + ":" + f + "(" + c + "/" + perSeed.size() + " seeds)"));
        return String.join(";", out);
    }
}
