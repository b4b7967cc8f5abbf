package org.w2sg.stats;

import java.util.Arrays;
import java.util.Optional;

/**
 * Weighted least-squares fits of per-step summaries (weights 1 / SE^2): the 4-parameter logistic (Levenberg-Marquardt
 * from a fixed grid of starts, so every bootstrap refit searches the same basins instead of only the full-data one),
 * a constant and a straight line. The weighted SSE of each is a chi-square-like misfit in units of each step's own
 * uncertainty, so a step whose PGR rests on a tiny gap barely moves the fit.
 */
public final class WeightedCurves {
    private WeightedCurves() {}

    /** A logistic and its weighted SSE. */
    public record Fit(LogisticCurve curve, double sse) {}

    /** Weighted SSE of the best constant. */
    public static double constantSse(double[] y, double[] w) {
        double sw = 0, swy = 0;
        for (int i = 0; i < y.length; i++) {
            sw += w[i];
            swy += w[i] * y[i];
        }
        double m = swy / sw;
        double sse = 0;
        for (int i = 0; i < y.length; i++) sse += w[i] * (y[i] - m) * (y[i] - m);
        return sse;
    }

    /** Weighted constant: its value. */
    public static double constant(double[] y, double[] w) {
        double sw = 0, swy = 0;
        for (int i = 0; i < y.length; i++) {
            sw += w[i];
            swy += w[i] * y[i];
        }
        return swy / sw;
    }

    /** Weighted straight line: {intercept, slope}. */
    public static double[] line(double[] x, double[] y, double[] w) {
        double sw = 0, sx = 0, sy = 0;
        for (int i = 0; i < x.length; i++) {
            sw += w[i];
            sx += w[i] * x[i];
            sy += w[i] * y[i];
        }
        double mx = sx / sw, my = sy / sw, sxx = 0, sxy = 0;
        for (int i = 0; i < x.length; i++) {
            sxx += w[i] * (x[i] - mx) * (x[i] - mx);
            sxy += w[i] * (x[i] - mx) * (y[i] - my);
        }
        double slope = sxx > 0 ? sxy / sxx : 0;
        return new double[] {my - slope * mx, slope};
    }

    public static double lineSse(double[] x, double[] y, double[] w) {
        double[] ab = line(x, y, w);
        double sse = 0;
        for (int i = 0; i < x.length; i++) {
            double r = y[i] - ab[0] - ab[1] * x[i];
            sse += w[i] * r * r;
        }
        return sse;
    }

    /**
     * The best weighted logistic from a grid of starts (midpoints at 3 points of the x range, rising and falling),
     * plus {@code extraStart} when given. Empty when fewer than 4 distinct x or no start converges.
     */
    public static Optional<Fit> logistic(double[] x, double[] y, double[] w, LogisticCurve extraStart) {
        int n = x.length;
        double xMin = Double.POSITIVE_INFINITY, xMax = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            xMin = Math.min(xMin, v);
            xMax = Math.max(xMax, v);
        }
        if (Arrays.stream(x).distinct().count() < 4) return Optional.empty();
        double range = xMax - xMin;
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : y) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (hi - lo < 1e-9) hi = lo + 1e-6;
        Fit best = null;
        if (extraStart != null && extraStart.isFinite()) {
            best = levenbergMarquardt(x, y, w, new double[] {extraStart.bottom(), extraStart.top(), extraStart.mid(),
                    extraStart.width()});
        }
        for (double q : new double[] {0.25, 0.5, 0.75}) {
            for (boolean rising : new boolean[] {true, false}) {
                Fit f = levenbergMarquardt(x, y, w, new double[] {rising ? lo : hi, rising ? hi : lo,
                        xMin + q * range, range / 8});
                if (f != null && (best == null || f.sse() < best.sse())) best = f;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * Levenberg-Marquardt for the 4 parameters (bottom, top, mid, width) on weighted squared errors, written out
     * for 4 parameters: bootstrap refits and the transition test's parametric bootstrap run it hundreds of thousands
     * of times, where a general optimizer's allocations dominate. Null when it ends non-finite.
     */
    static Fit levenbergMarquardt(double[] x, double[] y, double[] w, double[] start) {
        int n = x.length;
        double[] p = start.clone();
        double lambda = 1e-3;
        double sse = sse(x, y, w, p);
        if (!Double.isFinite(sse)) return null;
        double[] g = new double[4];
        double[][] h = new double[4][4];
        double[] jr = new double[4];
        double[] trial = new double[4];
        for (int iter = 0; iter < 100; iter++) {
            for (int a = 0; a < 4; a++) {
                g[a] = 0;
                Arrays.fill(h[a], 0);
            }
            for (int i = 0; i < n; i++) {
                double z = (x[i] - p[2]) / p[3];
                double s = LogisticCurve.sigmoid(z);
                double slope = (p[1] - p[0]) * s * (1 - s);
                jr[0] = 1 - s;
                jr[1] = s;
                jr[2] = -slope / p[3];
                jr[3] = -slope * z / p[3];
                double r = y[i] - (p[0] + (p[1] - p[0]) * s);
                for (int a = 0; a < 4; a++) {
                    g[a] += w[i] * jr[a] * r;
                    for (int b = 0; b <= a; b++) h[a][b] += w[i] * jr[a] * jr[b];
                }
            }
            boolean improved = false;
            while (lambda < 1e8) {
                double[][] m = new double[4][5];
                for (int a = 0; a < 4; a++) {
                    for (int b = 0; b < 4; b++) m[a][b] = a >= b ? h[a][b] : h[b][a];
                    m[a][a] += lambda * Math.max(h[a][a], 1e-12);
                    m[a][4] = g[a];
                }
                double[] delta = solve(m);
                if (delta != null) {
                    for (int a = 0; a < 4; a++) trial[a] = p[a] + delta[a];
                    if (trial[3] != 0) {
                        double t = sse(x, y, w, trial);
                        if (Double.isFinite(t) && t <= sse) {
                            double gain = sse - t;
                            System.arraycopy(trial, 0, p, 0, 4);
                            sse = t;
                            lambda = Math.max(lambda / 10, 1e-12);
                            improved = true;
                            if (gain <= 1e-9 * (1e-12 + sse)) return finish(p, sse);
                            break;
                        }
                    }
                }
                lambda *= 10;
            }
            if (!improved) break;
        }
        return finish(p, sse);
    }

    private static Fit finish(double[] p, double sse) {
        LogisticCurve c = new LogisticCurve(p[0], p[1], p[2], p[3]);
        if (!c.isFinite() || !Double.isFinite(sse)) return null;
        return new Fit(c.canonical(), sse);
    }

    private static double sse(double[] x, double[] y, double[] w, double[] p) {
        double sse = 0;
        for (int i = 0; i < x.length; i++) {
            double r = y[i] - (p[0] + (p[1] - p[0]) * LogisticCurve.sigmoid((x[i] - p[2]) / p[3]));
            sse += w[i] * r * r;
        }
        return sse;
    }

    /** Gaussian elimination with partial pivoting of a 4x4 system given as an augmented 4x5 matrix. */
    private static double[] solve(double[][] m) {
        for (int c = 0; c < 4; c++) {
            int piv = c;
            for (int r = c + 1; r < 4; r++) if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) piv = r;
            if (Math.abs(m[piv][c]) < 1e-300) return null;
            double[] t = m[c];
            m[c] = m[piv];
            m[piv] = t;
            for (int r = c + 1; r < 4; r++) {
                double f = m[r][c] / m[c][c];
                for (int k = c; k < 5; k++) m[r][k] -= f * m[c][k];
            }
        }
        double[] d = new double[4];
        for (int r = 3; r >= 0; r--) {
            double v = m[r][4];
            for (int k = r + 1; k < 4; k++) v -= m[r][k] * d[k];
            d[r] = v / m[r][r];
        }
        for (double v : d) if (!Double.isFinite(v)) return null;
        return d;
    }
}
