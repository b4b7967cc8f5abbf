package org.w2sg.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.w2sg.errors.UserException;
import org.w2sg.probe.MetricNames;
import org.w2sg.run.Metric;
import org.w2sg.theory.TheoryComparison;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Plots a sweep's PGR-vs-tokens curve beside the synthetic theory's PGR_0-vs-n_pre, each with "
                + "its fitted transition.",
                "Reads emergence.csv of --run and phase.csv and summary.json of --synthetic; writes one PNG "
                        + "(4-parameter-logistic fits drawn) and report.txt."})
public final class ReportCommand implements Callable<Integer> {
    @Option(names = "--run", required = true, description = "A sweep's run folder, e.g. results/pythia-410m (holds emergence.csv).")
    Path run;

    @Option(names = "--synthetic", required = true, description = "The --out folder of 'harness synthetic'.")
    Path synthetic;

    @Option(names = "--out", description = "Where to write w2sg_vs_theory.png and report.txt (default: <run>/report).")
    Path out;

    @Option(names = "--metric", defaultValue = MetricNames.PGR_ACC, description = "Metric of emergence.csv to plot, matched exactly (default: ${DEFAULT-VALUE}; e.g. pgr_auc, gain_acc).")
    String metric;

    @Option(names = "--x", defaultValue = "tokens", description = "x axis: tokens or step (default: ${DEFAULT-VALUE}).")
    String x;

    @Option(names = "--dataset", description = "Only this dataset (default: one curve per dataset and layer).")
    String dataset;

    @Option(names = "--layer", description = "This layer, or 'all' (default: each dataset's headline layer, the upper median of those swept, as in transition.json).")
    String layer;

    @Option(names = "--weak", description = "The weak supervisor whose curve to report, as in emergence.csv's weak column "
            + "(needed when the run was swept with several, --weak A,B).")
    String weak;

    @Option(names = "--bootstrap", defaultValue = "1000", description = "Resamples for the midpoint CI (default: ${DEFAULT-VALUE}).")
    int bootstrap;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the bootstrap (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (bootstrap < 1) throw new UserException("--bootstrap must be at least 1, got " + bootstrap);
        Path dest = out != null ? out : run.resolve("report");
        String text = TheoryComparison.write(new TheoryComparison.Options(run, synthetic, dest, metric, x, dataset, layer, bootstrap, seed, weak));
        System.out.print(text);
        return 0;
    }
}
