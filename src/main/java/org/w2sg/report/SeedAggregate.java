package org.w2sg.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w2sg.run.Metric;

/**
 * One metric of one (step, dataset, layer) combined over split seeds: its value and interval from the run's one
 * interval method ({@link org.w2sg.stats.ClusterBootstrap}; PGR by {@link org.w2sg.stats.RatioInterval}), the number
 * of seeds behind it and flags. {@code null} value: undefined (the flags say why).
 */
public record SeedAggregate(Double value, Double ciLow, Double ciHigh, int seeds, String flags) {
    public static final SeedAggregate EMPTY = new SeedAggregate(null, null, null, 0, "");

    /**
     * e.g. {@code pgr_acc:pgr_undefined(2/3 seeds)}: each kind of per-seed flag (the text before its first ':'; the
     * details are in emergence.csv) with the number of seeds that raised it; empty when every seed is clean.
     */
    static String seedFlags(String name, List<Metric> perSeed) {
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
