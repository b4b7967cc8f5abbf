package org.w2sg.stats;

/**
 * An interval for a ratio of means N / D (PGR = mean gain / mean gap over seeds) by Fieller's method: the set of
 * theta for which N - theta D is not distinguishable from 0. It is not conditional on anything: no resample is
 * dropped for a small denominator. It exists (is bounded) exactly when D is significantly above 0 at the same
 * level, which is the definition of "the gap is really above 0" used for PGR.
 *
 * @param value    N / D
 * @param low      lower bound (NaN when undefined)
 * @param high     upper bound (NaN when undefined)
 * @param defined  whether D's interval lies above 0 (otherwise the ratio is reported empty)
 * @param denLow   D's lower bound at the same level
 * @param se       a standard error for weighting fits: the interval's half-width over the normal quantile
 */
public record RatioInterval(double value, double low, double high, boolean defined, double denLow, double se) {

    /** Closed-form Fieller interval for normal N, D with known (co)variances and critical value {@code c}. */
    public static RatioInterval fieller(double n, double d, double vnn, double vnd, double vdd, double c) {
        double c2 = c * c;
        double a = d * d - c2 * vdd;
        double denLow = d - c * Math.sqrt(vdd);
        double ratio = d != 0 ? n / d : Double.NaN;
        if (!(a > 0) || !(d > 0)) return new RatioInterval(ratio, Double.NaN, Double.NaN, false, denLow, Double.NaN);
        double bHalf = n * d - c2 * vnd;
        double cc = n * n - c2 * vnn;
        double disc = Math.max(0, bHalf * bHalf - a * cc);
        double lo = (bHalf - Math.sqrt(disc)) / a, hi = (bHalf + Math.sqrt(disc)) / a;
        return new RatioInterval(ratio, lo, hi, true, denLow, (hi - lo) / (2 * 1.959963984540054));
    }

    /**
     * Fieller from resampled numerators and denominators (e.g. {@link ClusterBootstrap} draws): their covariance
     * around the point, and a critical value from the resampled distribution of the standardized N - theta D at the
     * point estimate (Student-t-like when there are few seeds, normal with many).
     */
    public static RatioInterval fromDraws(double n, double d, double[] nDraws, double[] dDraws, double confidence) {
        int b = nDraws.length;
        double vnn = 0, vnd = 0, vdd = 0;
        for (int i = 0; i < b; i++) {
            double a = nDraws[i] - n, e = dDraws[i] - d;
            vnn += a * a;
            vnd += a * e;
            vdd += e * e;
        }
        vnn /= b;
        vnd /= b;
        vdd /= b;
        double theta = d != 0 ? n / d : 0;
        double sd = Math.sqrt(Math.max(0, vnn - 2 * theta * vnd + theta * theta * vdd));
        double c;
        if (sd > 0) {
            double[] z = new double[b];
            for (int i = 0; i < b; i++) z[i] = Math.abs((nDraws[i] - n) - theta * (dDraws[i] - d)) / sd;
            c = Quantile.of(z, confidence);
        } else {
            c = new org.apache.commons.math3.distribution.NormalDistribution().inverseCumulativeProbability(0.5 + confidence / 2);
        }
        return fieller(n, d, vnn, vnd, vdd, c);
    }
}
