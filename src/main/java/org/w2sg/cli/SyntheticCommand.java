package org.w2sg.cli;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.w2sg.theory.HermiteLink;
import org.w2sg.theory.SpikedModel;
import org.w2sg.theory.SyntheticConfig;
import org.w2sg.theory.SyntheticRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "synthetic", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the spiked-Gaussian single-index theory experiments (PCA's BBP transition, weak-to-strong "
                + "dynamics, the pre-training phase sweep).",
                "The dynamics start from a spectral (PCA) or a random start. Writes bbp.csv, dynamics.csv, phase.csv, "
                        + "summary.json and PNG plots into --out."})
public final class SyntheticCommand implements Callable<Integer> {
    @Option(names = "--d", description = "Input dimension (default: ${DEFAULT-VALUE}).", defaultValue = "500")
    int d;

    @Option(names = "--lambda", description = "Spike strength: x ~ N(0, I + lambda v v^T) (default: ${DEFAULT-VALUE}).", defaultValue = "2")
    double lambda;

    @Option(names = "--eta", description = "<v, w*>, alignment of the target with the spike (default: ${DEFAULT-VALUE}).", defaultValue = "0.7")
    double eta;

    @Option(names = "--link", description = "Link He_k: he1, he2, he3 or he4 (default: ${DEFAULT-VALUE}).", defaultValue = "he3")
    String link;

    @Option(names = "--sigma", description = "Gold label noise std (default: ${DEFAULT-VALUE}).", defaultValue = "0.5")
    double sigma;

    @Option(names = "--kappa", description = "Weak supervisor's bias: <w_w, w*> (default: ${DEFAULT-VALUE}).", defaultValue = "0.95")
    double kappa;

    @Option(names = "--tau", description = "Size of the weak supervisor's opposite-parity error (default: ${DEFAULT-VALUE}).", defaultValue = "3")
    double tau;

    @Option(names = "--delta", description = "SGD step size times d: h = delta / d (default: ${DEFAULT-VALUE}).", defaultValue = "2.5e-4")
    double delta;

    @Option(names = "--horizon", description = "SGD samples per student (default: d^2 / 2).")
    Long horizon;

    @Option(names = "--n-pre", description = "Pre-training samples of the dynamics experiment's spectral start (default: d).")
    Integer nPre;

    @Option(names = "--seeds", description = "Seeds per point (default: ${DEFAULT-VALUE}).", defaultValue = "5")
    int seeds;

    @Option(names = "--seed", description = "Master seed every random stream derives from (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    long seed;

    @Option(names = "--phase-points", description = "Log-spaced n_pre in the phase sweep, 0.1 n* .. 16 n* (default: ${DEFAULT-VALUE}).", defaultValue = "12")
    int phasePoints;

    @Option(names = "--bbp-points", description = "Log-spaced n_pre in the BBP experiment, same range (default: ${DEFAULT-VALUE}).", defaultValue = "16")
    int bbpPoints;

    @Option(names = "--experiments", split = ",", description = "Which of bbp,dynamics,phase to run (default: all).")
    List<String> experiments = List.of("bbp", "dynamics", "phase");

    @Option(names = "--threads", description = "Worker threads; the output does not depend on it (default: all cores).")
    Integer threads;

    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Override
    public Integer call() throws Exception {
        SpikedModel model = new SpikedModel(d, lambda, eta, HermiteLink.parse(link), sigma, kappa, tau);
        SyntheticConfig defaults = SyntheticConfig.defaults(model);
        SyntheticConfig cfg = new SyntheticConfig(model, delta, horizon != null ? horizon : defaults.horizon(),
                nPre != null ? nPre : defaults.nPre(), seeds, seed, phasePoints, bbpPoints, defaults.records(), defaults.bootstrap());
        Set<String> which = new LinkedHashSet<>(experiments);
        int nThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        SyntheticRun.Outcome o = SyntheticRun.runAndWrite(cfg, which, nThreads, out);
        for (SyntheticRun.Timing t : o.timings().values()) {
            System.err.printf("%-9s %4d units, %7.1f s compute, %6.1f s wall%n", t.experiment(), t.units(), t.computeSeconds(), t.wallSeconds());
        }
        System.err.printf("total     %.1f s wall on %d threads%n", o.wallSeconds(), nThreads);
        System.out.print(SyntheticRun.describe(cfg, o));
        System.out.println("wrote " + out);
        return 0;
    }
}
