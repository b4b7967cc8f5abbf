package org.w2sg.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.w2sg.probe.MetricNames;
import org.w2sg.run.Unit;
import org.w2sg.run.UnitResult;
import org.w2sg.stats.StepScale;

/** The sweep's log line for a finished revision. */
final class RevisionLines {
    private RevisionLines() {}

    /**
     * One line per dataset, layer and weak supervisor of a finished revision, seeds averaged (the supervisor named at the
     * end when the revision has several): the numbers a researcher watches while the
     * sweep runs (the tables hold the intervals).
     */
    static List<String> of(List<UnitResult> results) {
        Map<String, List<UnitResult>> groups = new LinkedHashMap<>();
        for (UnitResult r : results) {
            groups.computeIfAbsent(r.unit().dataset() + "|" + r.unit().layer() + "|" + r.unit().weak(),
                    k -> new ArrayList<>()).add(r);
        }
        boolean several = results.stream().map(r -> String.valueOf(r.unit().weak())).distinct().count() > 1;
        List<String> lines = new ArrayList<>();
        for (List<UnitResult> g : groups.values()) {
            Unit u = g.get(0).unit();
            lines.add(String.format(Locale.ROOT, "%-14s step %-7d %9s tokens  %-10s layer %-3d weak %s  ceiling %s  "
                            + "w2s %s  PGR %s  (%d seed%s)", u.revision(), u.step(), StepScale.human(u.tokens()),
                    u.dataset(), u.layer(), mean(g, MetricNames.WEAK_ACC), mean(g, MetricNames.CEILING_ACC),
                    mean(g, MetricNames.W2S_ACC), mean(g, MetricNames.PGR_ACC), g.size(), g.size() == 1 ? "" : "s")
                    + (several ? "  weak supervisor " + u.weak() : ""));
        }
        return lines;
    }

    private static String mean(List<UnitResult> g, String metric) {
        double sum = 0;
        int n = 0;
        for (UnitResult r : g) {
            var m = r.metric(metric);
            if (m.isPresent() && m.get().defined()) {
                sum += m.get().value();
                n++;
            }
        }
        return n == 0 ? "  -  " : String.format(Locale.ROOT, "%.3f", sum / n);
    }
}
