package org.w2sg.report.stats;

import java.util.Arrays;
import java.util.Optional;
import smile.math.LevenbergMarquardt;
import smile.util.function.DifferentiableMultivariateFunction;

/**
 * Least-squares fit of a {@link LogisticCurve} with Smile's Levenberg-Marquardt, from several starting points (LM
 * finds a local minimum; a sigmoid's midpoint is the parameter most prone to a bad one), keeping the lowest SSE.
 */
public final class LogisticFit {
    private LogisticFit() {}

    /** A fitted curve, its sum of squared errors and the number of points it was fitted to. */
    public record Result(LogisticCurve curve, double sse, int points) {
        public double rmse() {
            return Math.sqrt(sse / points);
        }
    }

    /** Smile's LM passes the parameters followed by the independent variable in one array. */
    private static final DifferentiableMultivariateFunction FOUR_PL = new DifferentiableMultivariateFunction() {
        @Override
        public double f(double[] p) {
            return new LogisticCurve(p[0], p[1], p[2], p[3]).at(p[4]);
        }

        @Override
        public double g(double[] p, double[] d) {
            double bottom = p[0], top = p[1], mid = p[2], width = p[3], x = p[4];
            double s = LogisticCurve.sigmoid((x - mid) / width);
            double slope = (top - bottom) * s * (1 - s);
            d[0] = 1 - s;
            d[1] = s;
            d[2] = -slope / width;
            d[3] = -slope * (x - mid) / (width * width);
            return bottom + (top - bottom) * s;
        }
    };

    /** @return empty when there are fewer than 5 finite points or no start converges to a finite curve */
    public static Optional<Result> fit(double[] x, double[] y) {
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
        Result best = null;
        for (double q : new double[] {0.5, 0.25, 0.75, 0.1, 0.9}) {
            double mid = sortedX[(int) Math.round(q * (n - 1))];
            for (double width : new double[] {xRange / 10, xRange / 4, xRange / 30}) {
                // both orientations: rising (bottom=lo) and falling (bottom=hi)
                for (boolean rising : new boolean[] {true, false}) {
                    double[] start = {rising ? lo : hi, rising ? hi : lo, mid, width};
                    LevenbergMarquardt lm;
                    try {
                        lm = LevenbergMarquardt.fit(FOUR_PL, xs, ys, start, 1e-10, 200);
                    } catch (RuntimeException e) {
                        continue; // a singular Jacobian from a hopeless start: other starts remain
                    }
                    double[] p = lm.parameters();
                    LogisticCurve c = new LogisticCurve(p[0], p[1], p[2], p[3]);
                    if (!c.isFinite() || !Double.isFinite(lm.sse())) continue;
                    if (best == null || lm.sse() < best.sse()) best = new Result(c.canonical(), lm.sse(), n);
                }
            }
        }
        return Optional.ofNullable(best);
    }
}
