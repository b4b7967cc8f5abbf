package org.w2sg.probe;

import java.util.Arrays;
import java.util.stream.IntStream;
import smile.math.MathEx;
import smile.util.function.DifferentiableMultivariateFunction;

/**
 * The L2-regularised logistic loss against soft targets t in [0,1], in Smile's convention:
 * {@code sum_i [log(1+e^z_i) - t_i z_i] + lambda/2 |w|^2} with {@code z_i = w.x_i + b} and the bias b (last element)
 * unpenalised. With one-hot targets this is exactly Smile's {@code LogisticRegression.BinomialObjective}, which only
 * takes integer labels; the soft version is what weak-to-strong training on a supervisor's probabilities needs.
 *
 * <p>Smile's L-BFGS evaluates {@code f} at a trial point and then {@code g} at the same point; the margins from
 * {@code f} are kept so that {@code g} costs one pass over the data instead of two.
 */
final class LogisticObjective implements DifferentiableMultivariateFunction {
    private static final int CHUNK = 256;

    private final double[][] x;
    private final double[] targets;
    private final int[] rows;
    private final int p;
    private final double lambda;
    private final boolean parallel;
    private final double[] margins;
    private final double[] marginsAt;
    private boolean marginsValid;

    /**
     * @param rows the training rows of {@code x} (all rows, or one CV fold's complement); no copy is made
     */
    LogisticObjective(double[][] x, double[] targets, int[] rows, double lambda, boolean parallel) {
        this.x = x;
        this.targets = targets;
        this.rows = rows;
        this.p = x[rows[0]].length;
        this.lambda = lambda;
        this.parallel = parallel;
        this.margins = new double[rows.length];
        this.marginsAt = new double[p + 1];
    }

    int dimension() {
        return p + 1;
    }

    @Override
    public double f(double[] w) {
        computeMargins(w);
        double[] partial = new double[chunkCount()];
        chunks().forEach(c -> {
            double s = 0;
            for (int r = c * CHUNK, end = Math.min(rows.length, r + CHUNK); r < end; r++) {
                s += MathEx.log1pe(margins[r]) - targets[rows[r]] * margins[r];
            }
            partial[c] = s;
        });
        return sumInOrder(partial) + penalty(w);
    }

    @Override
    public double g(double[] w, double[] grad) {
        if (!marginsValid || !Arrays.equals(w, marginsAt)) computeMargins(w);
        double[][] partial = new double[chunkCount()][];
        double[] partialLoss = new double[partial.length];
        chunks().forEach(c -> {
            double[] gc = new double[p + 1];
            double s = 0;
            for (int r = c * CHUNK, end = Math.min(rows.length, r + CHUNK); r < end; r++) {
                double z = margins[r];
                double t = targets[rows[r]];
                s += MathEx.log1pe(z) - t * z;
                double err = MathEx.sigmoid(z) - t;
                double[] xi = x[rows[r]];
                for (int j = 0; j < p; j++) gc[j] += err * xi[j];
                gc[p] += err;
            }
            partial[c] = gc;
            partialLoss[c] = s;
        });
        Arrays.fill(grad, 0.0);
        for (double[] gc : partial) {
            for (int j = 0; j <= p; j++) grad[j] += gc[j];
        }
        for (int j = 0; j < p; j++) grad[j] += lambda * w[j];
        return sumInOrder(partialLoss) + penalty(w);
    }

    /** Chunk results are combined in chunk order, so a fit is bit-for-bit the same on any number of threads. */
    private static double sumInOrder(double[] partial) {
        double s = 0;
        for (double v : partial) s += v;
        return s;
    }

    private int chunkCount() {
        return (rows.length + CHUNK - 1) / CHUNK;
    }

    private double penalty(double[] w) {
        if (lambda == 0) return 0;
        double s = 0;
        for (int j = 0; j < p; j++) s += w[j] * w[j];
        return 0.5 * lambda * s;
    }

    private void computeMargins(double[] w) {
        chunks().forEach(c -> {
            for (int r = c * CHUNK, end = Math.min(rows.length, r + CHUNK); r < end; r++) {
                margins[r] = dot(x[rows[r]], w, p);
            }
        });
        System.arraycopy(w, 0, marginsAt, 0, p + 1);
        marginsValid = true;
    }

    private IntStream chunks() {
        IntStream s = IntStream.range(0, chunkCount());
        return parallel ? s.parallel() : s;
    }

    /** w.x + bias, with four accumulators so the JIT can keep several multiply-adds in flight. */
    static double dot(double[] xi, double[] w, int p) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        for (; j + 3 < p; j += 4) {
            s0 += xi[j] * w[j];
            s1 += xi[j + 1] * w[j + 1];
            s2 += xi[j + 2] * w[j + 2];
            s3 += xi[j + 3] * w[j + 3];
        }
        for (; j < p; j++) s0 += xi[j] * w[j];
        return (s0 + s1) + (s2 + s3) + w[p];
    }
}
