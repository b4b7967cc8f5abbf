package org.w2sg.probe;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.w2sg.errors.UserException;
import smile.classification.LogisticRegression;
import smile.math.BFGS;

/**
 * L2-regularised logistic-regression probe on standardized features, lambda chosen by stratified k-fold CV on the
 * training half. Hard 0/1 targets are fitted by Smile's {@link LogisticRegression}; soft targets (a weak
 * supervisor's probabilities) by the same objective with soft targets ({@link LogisticObjective}) under Smile's
 * L-BFGS, so the two routes give the same model on one-hot targets.
 *
 * <p>CV runs on the soft-target objective for both kinds of targets: each fold walks the lambda grid from the
 * strongest to the weakest penalty, starting every fit from the previous solution (a warm start), and folds run in
 * parallel. The standardizer is fitted once on the whole training half (it uses no labels).
 */
public final class LogisticProbe {
    /** Number of L-BFGS corrections, as Smile's own LogisticRegression uses. */
    static final int LBFGS_MEMORY = 5;

    private LogisticProbe() {}

    public static ProbeFit fit(float[][] x, double[] targets, ProbeOptions options) {
        Standardizer scaler = Standardizer.fit(x);
        return fitStandardized(scaler, scaler.apply(x), targets, options, false);
    }

    public static ProbeFit fit(double[][] x, double[] targets, ProbeOptions options) {
        Standardizer scaler = Standardizer.fit(x);
        return fitStandardized(scaler, scaler.apply(x), targets, options, false);
    }

    /** Convenience for 0/1 labels. */
    public static ProbeFit fit(float[][] x, int[] labels, ProbeOptions options) {
        return fit(x, Targets.fromLabels(labels), options);
    }

    /** Fits with the soft-target objective even when the targets are 0/1 (to compare the two routes). */
    static ProbeFit fitWithObjective(double[][] x, double[] targets, ProbeOptions options) {
        Standardizer scaler = Standardizer.fit(x);
        return fitStandardized(scaler, scaler.apply(x), targets, options, true);
    }

    private static ProbeFit fitStandardized(Standardizer scaler, double[][] z, double[] targets, ProbeOptions options,
                                            boolean forceObjective) {
        Targets.check(targets, z.length);
        boolean hard = Targets.isHard(targets);
        boolean[] positive = Targets.positive(targets);
        int nPos = 0;
        for (boolean b : positive) if (b) nPos++;
        if (hard && (nPos == 0 || nPos == positive.length)) {
            throw new UserException("probe: the training labels are all " + (nPos == 0 ? 0 : 1)
                    + "; a probe needs examples of both classes");
        }
        LambdaSearch search = null;
        double lambda = options.fixedLambda();
        if (options.crossValidates()) {
            search = crossValidate(z, targets, positive, options);
            lambda = search.chosen();
        }
        if (hard && !forceObjective) {
            int[] y = new int[targets.length];
            for (int i = 0; i < y.length; i++) y[i] = targets[i] == 1.0 ? 1 : 0;
            LogisticRegression.Binomial model = LogisticRegression.binomial(z, y,
                    new LogisticRegression.Options(lambda, options.tolerance(), options.maxIterations()));
            return new ProbeFit(scaler, model.coefficients().clone(), lambda, search,
                    ProbeFit.Solver.SMILE_LOGISTIC_REGRESSION, -model.loglikelihood());
        }
        LogisticObjective objective = new LogisticObjective(z, targets, IntStream.range(0, z.length).toArray(), lambda,
                true);
        double[] w = new double[objective.dimension()];
        double loss = BFGS.minimize(objective, LBFGS_MEMORY, w, options.tolerance(), options.maxIterations());
        return new ProbeFit(scaler, w, lambda, search, ProbeFit.Solver.SOFT_TARGET_LBFGS, loss);
    }

    static LambdaSearch crossValidate(double[][] z, double[] targets, boolean[] positive, ProbeOptions options) {
        int k = options.folds();
        int[] fold = StratifiedFolds.assign(positive, k, options.seed());
        double[] grid = options.lambdas();
        Integer[] order = IntStream.range(0, grid.length).boxed().toArray(Integer[]::new);
        // strongest penalty first: its solution is small and a good start for the next, weaker one
        Arrays.sort(order, (a, b) -> Double.compare(grid[b], grid[a]));
        IntStream folds = IntStream.range(0, k);
        if (options.parallel()) folds = folds.parallel();
        long[][] correctPerFold = folds.mapToObj(f -> {
            int[] train = IntStream.range(0, z.length).filter(i -> fold[i] != f).toArray();
            int[] held = IntStream.range(0, z.length).filter(i -> fold[i] == f).toArray();
            long[] correct = new long[grid.length];
            double[] w = new double[z[0].length + 1];
            for (int li : order) {
                LogisticObjective objective = new LogisticObjective(z, targets, train, grid[li], false);
                BFGS.minimize(objective, LBFGS_MEMORY, w, options.tolerance(), options.maxIterations());
                for (int i : held) {
                    boolean predicted = LogisticObjective.dot(z[i], w, w.length - 1) > 0;
                    if (predicted == positive[i]) correct[li]++;
                }
            }
            return correct;
        }).toArray(long[][]::new);
        double[] accuracy = new double[grid.length];
        for (long[] c : correctPerFold) {
            for (int li = 0; li < grid.length; li++) accuracy[li] += c[li];
        }
        int best = -1;
        for (int li : order) {
            accuracy[li] /= z.length;
            // ties go to the larger lambda (visited first): the simpler, more stable probe
            if (best < 0 || accuracy[li] > accuracy[best]) best = li;
        }
        return new LambdaSearch(grid, accuracy, k, grid[best], accuracy[best]);
    }
}
