package org.w2sg.run;

import java.util.List;
import java.util.Optional;
import org.w2sg.probe.LambdaPath;
import org.w2sg.run.Unit;

/**
 * What a finished unit measured; one ledger record, from which every table of the run is rebuilt.
 *
 * @param testRows   the three probes' per-row correctness on T (null: not recorded, e.g. a run from before it was)
 * @param lambdaPath the ceiling and w2s probes' test accuracy at every grid lambda (null: not recorded)
 */
public record UnitResult(String model, Unit unit, List<Metric> metrics, TestRows testRows, LambdaPath lambdaPath) {
    /**
     * The columns of a run's tidy table (emergence.csv): one row per unit and metric. Here, with the records the rows
     * come from, so readers of the table (report, theory) share one definition.
     */
    public static final List<String> TIDY_COLUMNS = List.of("model", "revision", "step", "tokens", "dataset", "layer",
            "weak", "seed", "metric", "value", "ci_low", "ci_high", "flags");

    public UnitResult {
        metrics = List.copyOf(metrics);
    }

    public UnitResult(String model, Unit unit, List<Metric> metrics) {
        this(model, unit, metrics, null, null);
    }

    /** This result with its unit's weak supervisor named (see {@link Unit#withWeak}). */
    public UnitResult withWeak(String supervisor) {
        return unit.weak() != null ? this : new UnitResult(model, unit.withWeak(supervisor), metrics, testRows, lambdaPath);
    }

    public Optional<Metric> metric(String name) {
        return metrics.stream().filter(m -> m.name().equals(name)).findFirst();
    }
}
