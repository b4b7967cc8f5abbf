package org.w2sg.theory;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.exception.ConvergenceException;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.exception.TooManyIterationsException;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.util.Pair;

/**
 * Least-squares fit of a {@link Logistic4}. The logistic is linear in (bottom, top) once (mid, scale) are fixed,
 * so a grid over (mid, scale) with the linear part solved exactly finds the basin (no start-value guessing), and
 * Levenberg-Marquardt (commons-math) polishes all four parameters from there, with scale fitted on a log scale to
 * stay positive.
 */
public final class Logistic4Fit {
    private static final int MID_STEPS = 61;
    private static final int SCALE_STEPS = 25;

    private Logistic4Fit() {}

    public record Result(Logistic4 curve, double sse, int points) {}

    /** Fits the finite (x, y) pairs; null when fewer than 4 remain or x has no spread. */
    public static Result fit(double[] xs, double[] ys) {
        List<double[]> pts = new ArrayList<>();
        for (int i = 0; i < xs.length; i++) {
            if (Double.isFinite(xs[i]) && Double.isFinite(ys[i])) pts.add(new double[] {xs[i], ys[i]});
        }
        if (pts.size() < 4) return null;
        double[] x = new double[pts.size()];
        double[] y = new double[pts.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = pts.get(i)[0];
            y[i] = pts.get(i)[1];
        }
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        double range = hi - lo;
        if (!(range > 0)) return null;

        double[] best = null;
        double bestSse = Double.POSITIVE_INFINITY;
        for (int i = 0; i < MID_STEPS; i++) {
            double mid = lo + range * i / (MID_STEPS - 1);
            for (int j = 0; j < SCALE_STEPS; j++) {
                double scale = range * Math.pow(100.0, -(double) j / (SCALE_STEPS - 1)); // range .. range/100
                double[] bt = linearPart(x, y, mid, scale);
                if (bt == null) continue;
                double sse = sse(x, y, new Logistic4(bt[0], bt[1], mid, scale));
                if (sse < bestSse) {
                    bestSse = sse;
                    best = new double[] {bt[0], bt[1], mid, Math.log(scale)};
                }
            }
        }
        if (best == null) return null;
        Logistic4 curve = new Logistic4(best[0], best[1], best[2], Math.exp(best[3]));
        try {
            LeastSquaresOptimizer.Optimum opt = new LevenbergMarquardtOptimizer().optimize(new LeastSquaresBuilder()
                    .start(best)
                    .model(model(x))
                    .target(y)
                    .maxEvaluations(2000)
                    .maxIterations(2000)
                    .build());
            double[] p = opt.getPoint().toArray();
            Logistic4 polished = new Logistic4(p[0], p[1], p[2], Math.exp(p[3]));
            if (allFinite(p) && sse(x, y, polished) <= bestSse) curve = polished;
        } catch (TooManyEvaluationsException | TooManyIterationsException | ConvergenceException e) {
            // keep the grid optimum: it is a valid least-squares point on the grid, only less polished
        }
        return new Result(curve, sse(x, y, curve), x.length);
    }

    /** Exact least squares for (bottom, top) at fixed (mid, scale); null when the design is singular. */
    private static double[] linearPart(double[] x, double[] y, double mid, double scale) {
        double a11 = 0, a12 = 0, a22 = 0, r1 = 0, r2 = 0;
        for (int i = 0; i < x.length; i++) {
            double s = sigmoid((x[i] - mid) / scale);
            double u = 1.0 - s;
            a11 += u * u;
            a12 += u * s;
            a22 += s * s;
            r1 += u * y[i];
            r2 += s * y[i];
        }
        double det = a11 * a22 - a12 * a12;
        if (!(Math.abs(det) > 1e-12 * Math.max(1.0, a11 * a22))) return null;
        return new double[] {(a22 * r1 - a12 * r2) / det, (a11 * r2 - a12 * r1) / det};
    }

    private static MultivariateJacobianFunction model(double[] x) {
        return point -> {
            double b = point.getEntry(0), t = point.getEntry(1), m = point.getEntry(2);
            double s = Math.exp(point.getEntry(3));
            double[] f = new double[x.length];
            double[][] jac = new double[x.length][4];
            for (int i = 0; i < x.length; i++) {
                double z = (x[i] - m) / s;
                double sg = sigmoid(z);
                double slope = (t - b) * sg * (1.0 - sg);
                f[i] = b + (t - b) * sg;
                jac[i][0] = 1.0 - sg;
                jac[i][1] = sg;
                jac[i][2] = -slope / s;
                jac[i][3] = -slope * z;
            }
            return new Pair<>(new ArrayRealVector(f, false), new Array2DRowRealMatrix(jac, false));
        };
    }

    static double sigmoid(double z) {
        return z >= 0 ? 1.0 / (1.0 + Math.exp(-z)) : Math.exp(z) / (1.0 + Math.exp(z));
    }

    private static double sse(double[] x, double[] y, Logistic4 c) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            double r = y[i] - c.value(x[i]);
            s += r * r;
        }
        return s;
    }

    private static boolean allFinite(double[] p) {
        for (double v : p) if (!Double.isFinite(v)) return false;
        return true;
    }
}
