package org.w2sg.cli;

import java.util.concurrent.Callable;
import org.w2sg.bench.ProbeBenchmark;
import org.w2sg.errors.UserException;
import org.w2sg.probe.ProbeOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "probe", mixinStandardHelpOptions = true,
        description = {"Measures how long a probe fit with k-fold CV over a lambda grid takes.",
                "The features are seeded random ones with a planted linear signal. Exits 1 when the fit takes longer than"
                        + " the target."})
public final class BenchProbeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--rows", defaultValue = "2000", description = "Training rows (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--features", defaultValue = "1024", description = "Feature dimension (default: ${DEFAULT-VALUE}).")
    int features;

    @Option(names = "--cv", defaultValue = "5", description = "CV folds (default: ${DEFAULT-VALUE}).")
    int folds;

    @Option(names = "--seed", defaultValue = "0", description = "Data and fold seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--target-seconds", defaultValue = "10",
            description = "Exit non-zero above this fit time (default: ${DEFAULT-VALUE}).")
    double target;

    @Override
    public Integer call() {
        if (rows < 2 * folds || features < 1) {
            throw new UserException("bench probe: need --rows >= 2 x --cv and --features >= 1");
        }
        java.io.PrintWriter out = spec.commandLine().getOut();
        ProbeOptions options = ProbeOptions.defaults().withFolds(folds).withSeed(seed);
        // one untimed small fit so JIT compilation is not billed to the measured one
        ProbeBenchmark.run(200, 64, options, seed + 7);
        ProbeBenchmark.Result r = ProbeBenchmark.run(rows, features, options, seed);
        out.printf("probe fit: %d x %d features, %d-fold CV over %d lambdas + final fit: %.2f s wall (target %.0f s),"
                        + " %.2f s CPU%n", r.rows(), r.features(), r.folds(), r.lambdas(), r.seconds(), target,
                r.cpuSeconds());
        out.printf("chosen lambda %.4g, CV accuracy %.4f, accuracy on 2000 fresh rows %.4f; %d cores, load average %.1f%n",
                r.chosenLambda(), r.cvAccuracy(), r.heldOutAccuracy(), Runtime.getRuntime().availableProcessors(),
                org.w2sg.bench.ProcessCpu.loadAverage());
        if (r.seconds() > target) {
            out.printf("MISSED: %.2f s > %.0f s%n", r.seconds(), target);
            out.flush();
            return 1;
        }
        out.flush();
        return 0;
    }
}
