package org.w2sg.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.Callable;
import org.w2sg.calibrate.Calibration;
import org.w2sg.calibrate.SweepSimulator;
import org.w2sg.errors.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "calibrate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Checks the sweep's statistics by simulation: simulates whole sweeps with the protocol's "
                + "structure and known truth (steps x seeds, shared splits and weak probe per seed, shared features "
                + "per step, one finite test set, a weak supervisor the ceiling overtakes; PGR a planted logistic, a "
                + "constant or a straight line in ln tokens), runs the same estimators and prints one JSON object: "
                + "interval coverage, false-positive rate of 'transition present' under each null, power, midpoint bias."})
public final class CalibrateCommand implements Callable<Integer> {
    @Option(names = "--replicates", defaultValue = "500", description = "Simulated sweeps per PGR shape (default: ${DEFAULT-VALUE}).")
    int replicates;

    @Option(names = "--threads", defaultValue = "2", description = "Worker threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--resamples", defaultValue = "200", description = "Bootstrap resamples per estimate (default: ${DEFAULT-VALUE}).")
    int resamples;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the simulation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--seeds", defaultValue = "3", description = "Split seeds per simulated sweep (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--legacy", description = "Run the estimators the harness used before the statistics rework (for the 'before' table).")
    boolean legacy;

    @Override
    public Integer call() throws Exception {
        if (replicates < 1) throw new UserException("--replicates must be at least 1, got " + replicates);
        if (threads < 1) throw new UserException("--threads must be at least 1, got " + threads);
        if (resamples < 20) throw new UserException("--resamples must be at least 20, got " + resamples);
        if (seeds < 1) throw new UserException("--seeds must be at least 1, got " + seeds);
        SweepSimulator.Design base = SweepSimulator.Design.defaults();
        SweepSimulator.Design design = new SweepSimulator.Design(base.steps(), seeds, base.testRows(),
                base.lnTokensLow(), base.lnTokensHigh(), base.weak());
        int total = replicates * SweepSimulator.Shape.values().length;
        int every = Math.max(1, total / 20);
        var node = Calibration.run(new Calibration.Options(replicates, threads, resamples, seed, legacy, design),
                done -> {
                    if (done % every == 0 || done == total) System.err.printf("calibrate: %d/%d sweeps%n", done, total);
                });
        System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(node));
        return 0;
    }
}
