package org.w2sg.stats;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * Pearson correlation of x and y with a control z partialled out: the correlation of the residuals of x and of y
 * after each is regressed on (1, z) by least squares. Two metrics that both rise with ln(tokens) correlate for that
 * reason alone; their partial correlation given ln(tokens) asks whether they move together beyond the shared trend.
 * The two-sided p-value is the exact one for Gaussian residuals: t = r sqrt((n - 3) / (1 - r^2)) with n - 3 degrees of
 * freedom (one more lost than Pearson's n - 2, to the control). Triples with a NaN are left out.
 */
public record PartialCorrelation(double r, double pValue, int n) {
    public static PartialCorrelation of(double[] x, double[] y, double[] z) {
        if (x.length != y.length || x.length != z.length) {
            throw new IllegalArgumentException("partial correlation: lengths " + x.length + ", " + y.length + ", " + z.length);
        }
        int n = 0;
        for (int i = 0; i < x.length; i++) if (!Double.isNaN(x[i]) && !Double.isNaN(y[i]) && !Double.isNaN(z[i])) n++;
        double[] a = new double[n], b = new double[n], c = new double[n];
        for (int i = 0, k = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i]) && !Double.isNaN(y[i]) && !Double.isNaN(z[i])) {
                a[k] = x[i];
                b[k] = y[i];
                c[k++] = z[i];
            }
        }
        if (n < 4) return new PartialCorrelation(Double.NaN, Double.NaN, n);
        double[] ra = residuals(a, c);
        double[] rb = residuals(b, c);
        if (ra == null || rb == null) return new PartialCorrelation(Double.NaN, Double.NaN, n);
        double saa = 0, sbb = 0, sab = 0;
        for (int i = 0; i < n; i++) {
            saa += ra[i] * ra[i];
            sbb += rb[i] * rb[i];
            sab += ra[i] * rb[i];
        }
        if (!(saa > 0) || !(sbb > 0)) return new PartialCorrelation(Double.NaN, Double.NaN, n);
        double r = Math.max(-1, Math.min(1, sab / Math.sqrt(saa * sbb)));
        // n = 4 leaves one degree of freedom: r is reported, but there is no usable test
        if (n == 4) return new PartialCorrelation(r, Double.NaN, n);
        double p = Math.abs(r) == 1 ? 0.0
                : 2 * new TDistribution(null, n - 3).cumulativeProbability(-Math.abs(r * Math.sqrt((n - 3) / (1 - r * r))));
        return new PartialCorrelation(r, p, n);
    }

    /** Residuals of v on (1, z); null when z is constant (nothing to partial out against). */
    private static double[] residuals(double[] v, double[] z) {
        int n = v.length;
        double mz = 0, mv = 0;
        for (int i = 0; i < n; i++) {
            mz += z[i] / n;
            mv += v[i] / n;
        }
        double szz = 0, szv = 0;
        for (int i = 0; i < n; i++) {
            szz += (z[i] - mz) * (z[i] - mz);
            szv += (z[i] - mz) * (v[i] - mv);
        }
        if (!(szz > 0)) return null;
        double slope = szv / szz;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = v[i] - mv - slope * (z[i] - mz);
        return out;
    }
}
