package org.w2sg.probe;

import java.util.Arrays;
import org.w2sg.errors.UserException;

/**
 * How a linear probe is fitted. {@code lambda} follows Smile's convention: the objective is the summed binary
 * cross-entropy plus {@code lambda/2 * |w|^2} (bias unpenalised), so the same number means the same model on both
 * routes (Smile's classifier for hard labels, our objective for soft ones).
 *
 * @param lambdas       grid searched by cross-validation on the training half (ignored when {@code fixedLambda} is set)
 * @param fixedLambda   a lambda to use without CV, or NaN to cross-validate over {@code lambdas}
 * @param folds         k of the stratified k-fold CV
 * @param seed          seeds the fold assignment
 * @param tolerance     L-BFGS gradient tolerance (Smile's relative criterion; Smile's default 1e-5)
 * @param maxIterations L-BFGS iteration cap per fit
 * @param parallel      fit CV folds on several threads
 */
public record ProbeOptions(double[] lambdas, double fixedLambda, int folds, long seed, double tolerance,
                           int maxIterations, boolean parallel) {

    /** Six log-spaced values 0.1 … 10^4: on standardized features with a few thousand rows this spans nearly
     *  unregularised to strongly shrunk probes. */
    public static final double[] DEFAULT_LAMBDAS = {1e-1, 1, 1e1, 1e2, 1e3, 1e4};

    public ProbeOptions {
        lambdas = lambdas.clone();
        if (Double.isNaN(fixedLambda)) {
            if (lambdas.length == 0) throw new UserException("probe: the lambda grid is empty");
            if (folds < 2) throw new UserException("probe: --cv needs at least 2 folds, got " + folds);
        } else if (!(fixedLambda >= 0) || Double.isInfinite(fixedLambda)) {
            throw new UserException("probe: lambda must be a finite number >= 0, got " + fixedLambda);
        }
        for (double l : lambdas) {
            if (!(l >= 0) || Double.isInfinite(l)) {
                throw new UserException("probe: every lambda in the grid must be finite and >= 0, got "
                        + Arrays.toString(lambdas));
            }
        }
        if (!(tolerance > 0)) throw new UserException("probe: tolerance must be > 0, got " + tolerance);
        if (maxIterations < 1) throw new UserException("probe: maxIterations must be >= 1");
    }

    public static ProbeOptions defaults() {
        return new ProbeOptions(DEFAULT_LAMBDAS, Double.NaN, 5, 0L, 1e-5, 500, true);
    }

    public ProbeOptions withLambda(double lambda) {
        return new ProbeOptions(lambdas, lambda, folds, seed, tolerance, maxIterations, parallel);
    }

    public ProbeOptions withFolds(int k) {
        return new ProbeOptions(lambdas, Double.NaN, k, seed, tolerance, maxIterations, parallel);
    }

    public ProbeOptions withLambdas(double... grid) {
        return new ProbeOptions(grid, Double.NaN, folds, seed, tolerance, maxIterations, parallel);
    }

    public ProbeOptions withSeed(long s) {
        return new ProbeOptions(lambdas, fixedLambda, folds, s, tolerance, maxIterations, parallel);
    }

    public ProbeOptions withParallel(boolean p) {
        return new ProbeOptions(lambdas, fixedLambda, folds, seed, tolerance, maxIterations, p);
    }

    public boolean crossValidates() {
        return Double.isNaN(fixedLambda);
    }

    @Override
    public double[] lambdas() {
        return lambdas.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProbeOptions p && Arrays.equals(lambdas, p.lambdas)
                && Double.compare(fixedLambda, p.fixedLambda) == 0 && folds == p.folds && seed == p.seed
                && Double.compare(tolerance, p.tolerance) == 0 && maxIterations == p.maxIterations
                && parallel == p.parallel;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(lambdas) * 31 + Double.hashCode(fixedLambda) * 17 + folds + Long.hashCode(seed);
    }

    @Override
    public String toString() {
        return "ProbeOptions[lambdas=" + Arrays.toString(lambdas) + ", fixedLambda=" + fixedLambda + ", folds=" + folds
                + ", seed=" + seed + ", tolerance=" + tolerance + ", maxIterations=" + maxIterations
                + ", parallel=" + parallel + "]";
    }
}
