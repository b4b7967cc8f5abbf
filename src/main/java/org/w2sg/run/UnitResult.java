package org.w2sg.run;

import java.util.List;
import java.util.Optional;
import org.w2sg.run.Unit;

/** What a finished unit measured; one ledger record, from which every table of the run is rebuilt. */
public record UnitResult(String model, Unit unit, List<Metric> metrics) {
    public UnitResult {
        metrics = List.copyOf(metrics);
    }

    public Optional<Metric> metric(String name) {
        return metrics.stream().filter(m -> m.name().equals(name)).findFirst();
    }
}
