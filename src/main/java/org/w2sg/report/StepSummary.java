package org.w2sg.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.w2sg.probe.MetricNames;
import org.w2sg.run.Metric;
import org.w2sg.run.Unit;
import org.w2sg.run.UnitResult;

/** One (step, dataset, layer) of a run with its metrics combined over seeds: a row of summary.csv. */
public record StepSummary(String model, String revision, long step, long tokens, String dataset, int layer,
                          int seeds, Map<String, SeedAggregate> metrics) {
    public SeedAggregate metric(String name) {
        return metrics.getOrDefault(name, new SeedAggregate(null, null, null, 0, ""));
    }

    /** Groups finished units by (revision, dataset, layer), in the tables' order. */
    public static List<StepSummary> of(List<UnitResult> results) {
        Map<String, List<UnitResult>> groups = new LinkedHashMap<>();
        for (UnitResult r : results.stream().sorted(EmergenceCsv.ORDER).toList()) {
            Unit u = r.unit();
            groups.computeIfAbsent(u.revision() + "|" + u.dataset() + "|" + u.layer(), k -> new ArrayList<>()).add(r);
        }
        List<StepSummary> out = new ArrayList<>();
        for (List<UnitResult> g : groups.values()) {
            Unit u = g.get(0).unit();
            Map<String, SeedAggregate> ms = new LinkedHashMap<>();
            for (String name : MetricNames.SUMMARY) {
                List<Metric> perSeed = g.stream().map(r -> r.metric(name)).flatMap(Optional::stream).toList();
                ms.put(name, SeedAggregate.of(name, perSeed));
            }
            out.add(new StepSummary(g.get(0).model(), u.revision(), u.step(), u.tokens(), u.dataset(), u.layer(),
                    g.size(), ms));
        }
        return out;
    }
}
