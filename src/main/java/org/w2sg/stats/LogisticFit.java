package org.w2sg.stats;

import java.util.Arrays;
import java.util.Optional;
import org.apache.commons.math3.exception.MathArithmeticException;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.util.Pair;

/**
 * Least-squares fit of a {@link LogisticCurve} with commons-math3's Levenberg-Marquardt (pure Java; Smile's LM
 * needs a native LAPACK), from several starting points (LM finds a local minimum; a sigmoid's midpoint is the
 * parameter most prone to a bad one), keeping the lowest SSE.
 */
public final class LogisticFit {
    private LogisticFit() {}

    /** A fitted curve, its sum of squared errors and the number of points it was fitted to. */
    public record Result(LogisticCurve curve, double sse, int points) {
        public double rmse() {
            return Math.sqrt(sse / points);
        }
    }

    /** Values and Jacobian (d/d bottom, top, mid, width) of the curve at every x. */
    private static MultivariateJacobianFunction model(double[] xs) {
        return params -> {
            double bottom = params.getEntry(0), top = params.getEntry(1), mid = params.getEntry(2),
                    width = params.getEntry(3);
            double[] value = new double[xs.length];
            double[][] jac = new double[xs.length][4];
            for (int i = 0; i < xs.length; i++) {
                double s = LogisticCurve.sigmoid((xs[i] - mid) / width);
                double slope = (top - bottom) * s * (1 - s);
                value[i] = bottom + (top - bottom) * s;
                jac[i][0] = 1 - s;
                jac[i][1] = s;
                jac[i][2] = -slope / width;
                jac[i][3] = -slope * (xs[i] - mid) / (width * width);
            }
            return new Pair<>(new ArrayRealVector(value, false), new Array2DRowRealMatrix(jac, false));
        };
    }

    /** @return empty when there are fewer than 5 finite points or no start converges to a finite curve */
    public static Optional<Result> fit(double[] x, double[] y) {
        return fit(x, y, null);
    }

    /**
     * Like {@link #fit(double[], double[])} but tries {@code start} first and returns its fit when it converges; a
     * bootstrap refit starts from the full-data solution this way instead of searching again.
     */
    public static Optional<Result> fit(double[] x, double[] y, LogisticCurve start) {
        if (x.length != y.length) throw new IllegalArgumentException("logistic fit: " + x.length + " x but " + y.length + " y");
        int n = 0;
        for (int i = 0; i < x.length; i++) if (Double.isFinite(x[i]) && Double.isFinite(y[i])) n++;
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0, k = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                xs[k] = x[i];
                ys[k++] = y[i];
            }
        }
        if (n < 5) return Optional.empty();
        double[] sortedX = xs.clone();
        Arrays.sort(sortedX);
        double xRange = sortedX[n - 1] - sortedX[0];
        if (xRange <= 0) return Optional.empty();
        double lo = Arrays.stream(ys).min().orElseThrow();
        double hi = Arrays.stream(ys).max().orElseThrow();
        if (hi - lo < 1e-12) hi = lo + 1e-6;
        if (start != null) {
            Result r = fitFrom(xs, ys, new double[] {start.bottom(), start.top(), start.mid(), start.width()});
            if (r != null) return Optional.of(r);
        }
        Result best = null;
        for (double q : new double[] {0.5, 0.25, 0.75, 0.1, 0.9}) {
            double mid = sortedX[(int) Math.round(q * (n - 1))];
            for (double width : new double[] {xRange / 10, xRange / 4}) {
                // both orientations: rising (bottom=lo) and falling (bottom=hi)
                for (boolean rising : new boolean[] {true, false}) {
                    Result r = fitFrom(xs, ys, new double[] {rising ? lo : hi, rising ? hi : lo, mid, width});
                    if (r != null && (best == null || r.sse() < best.sse())) best = r;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * The extra-sum-of-squares F test of the curve against a constant (the mean of {@code y}): the p-value of
     * F = ((SSE_const - SSE_curve) / 3) / (SSE_curve / (n - 4)) under F(3, n - 4). A large p means the data show no
     * rise or fall that the curve's three extra parameters explain beyond what noise would. NaN when n < 5; 0 when
     * the curve fits exactly and the data are not constant.
     */
    public static double pValueAgainstConstant(double[] y, Result fit) {
        double[] v = Arrays.stream(y).filter(Double::isFinite).toArray();
        int n = v.length;
        if (n < 5 || n != fit.points()) return Double.NaN;
        double mean = Arrays.stream(v).average().orElseThrow();
        double sse0 = 0;
        for (double d : v) sse0 += (d - mean) * (d - mean);
        double sse1 = Math.min(fit.sse(), sse0);
        if (sse0 == 0) return 1;
        if (sse1 == 0) return 0;
        double f = ((sse0 - sse1) / 3) / (sse1 / (n - 4));
        return 1 - new org.apache.commons.math3.distribution.FDistribution(3, n - 4).cumulativeProbability(f);
    }

    private static Result fitFrom(double[] xs, double[] ys, double[] start) {
        LeastSquaresOptimizer.Optimum opt;
        try {
            opt = new LevenbergMarquardtOptimizer().optimize(new LeastSquaresBuilder()
                    .model(model(xs)).target(ys).start(start)
                    .maxEvaluations(400).maxIterations(200).build()); // caps step-like fits to noise
        } catch (MathIllegalStateException | MathArithmeticException e) {
            return null; // no convergence from a hopeless start
        }
        double[] p = opt.getPoint().toArray();
        LogisticCurve c = new LogisticCurve(p[0], p[1], p[2], p[3]);
        double sse = opt.getCost() * opt.getCost();
        if (!c.isFinite() || !Double.isFinite(sse)) return null;
        return new Result(c.canonical(), sse, xs.length);
    }
}
