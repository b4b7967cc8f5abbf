package org.w2sg.bench;

import java.util.SplittableRandom;
import org.w2sg.probe.LogisticProbe;
import org.w2sg.probe.Metrics;
import org.w2sg.probe.ProbeFit;
import org.w2sg.probe.ProbeOptions;
import org.w2sg.probe.Targets;

/**
 * The probe-fitting workload of a sweep step, on synthetic data: {@code n x d} standard-normal features and labels
 * from a planted linear signal (a random unit direction, logistic noise), so the CV has a real optimum to find.
 */
public final class ProbeBenchmark {
    private ProbeBenchmark() {}

    public record Data(float[][] x, int[] y, double[] direction) {}

    /**
     * @param seconds    wall time of the fit (CV + final fit)
     * @param cpuSeconds CPU time the whole process used meanwhile (all threads), to read the wall time against when
     *                   other work shares the machine
     */
    public record Result(int rows, int features, int folds, int lambdas, double seconds, double cpuSeconds,
                         double chosenLambda, double cvAccuracy, double heldOutAccuracy) {}

    /**
     * @param signal norm of the planted weight vector; 2 makes the Bayes accuracy about 0.83 (margin ~ N(0, 4)
     *               through a logistic link)
     */
    public static Data plantedLinear(int n, int d, double signal, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] beta = new double[d];
        double norm = 0;
        for (int j = 0; j < d; j++) {
            beta[j] = rng.nextGaussian();
            norm += beta[j] * beta[j];
        }
        norm = Math.sqrt(norm);
        for (int j = 0; j < d; j++) beta[j] *= signal / norm;
        return sample(beta, n, rng);
    }

    public static Result run(int n, int d, ProbeOptions options, long seed) {
        Data train = plantedLinear(n, d, 2.0, seed);
        long cpu0 = ProcessCpu.nanos();
        long t0 = System.nanoTime();
        ProbeFit fit = LogisticProbe.fit(train.x(), train.y(), options);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuSeconds = (ProcessCpu.nanos() - cpu0) / 1e9;
        Data test = plantedLinearWith(train.direction(), 2000, seed + 1);
        double acc = Metrics.accuracy(fit.predictProba(test.x()), Targets.fromLabels(test.y()));
        return new Result(n, d, options.folds(), options.lambdas().length, seconds, cpuSeconds, fit.lambda(),
                fit.search().chosenAccuracy(), acc);
    }

    static Data plantedLinearWith(double[] beta, int n, long seed) {
        return sample(beta, n, new SplittableRandom(seed));
    }

    /** n rows of standard normal features, labels drawn through the logistic link of the planted margin. */
    private static Data sample(double[] beta, int n, SplittableRandom rng) {
        int d = beta.length;
        float[][] x = new float[n][d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double margin = 0;
            for (int j = 0; j < d; j++) {
                x[i][j] = (float) rng.nextGaussian();
                margin += beta[j] * x[i][j];
            }
            y[i] = rng.nextDouble() < ProbeFit.sigmoid(margin) ? 1 : 0;
        }
        return new Data(x, y, beta);
    }
}
