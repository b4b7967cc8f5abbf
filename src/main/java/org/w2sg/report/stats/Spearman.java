package org.w2sg.report.stats;

import smile.stat.hypothesis.CorTest;

/**
 * Spearman rank correlation (ties get their average rank) with its t-test p-value, via Smile's {@link CorTest};
 * pairs where either value is NaN (e.g. an undefined PGR) are left out.
 */
public record Spearman(double rho, double pValue, int n) {

    public static Spearman of(double[] x, double[] y) {
        if (x.length != y.length) throw new IllegalArgumentException("spearman: " + x.length + " x but " + y.length + " y");
        int n = 0;
        for (int i = 0; i < x.length; i++) if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) n++;
        double[] a = new double[n];
        double[] b = new double[n];
        for (int i = 0, k = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
                a[k] = x[i];
                b[k++] = y[i];
            }
        }
        if (n < 3 || constant(a) || constant(b)) return new Spearman(Double.NaN, Double.NaN, n);
        CorTest t = CorTest.spearman(a, b);
        return new Spearman(t.cor(), t.pvalue(), n);
    }

    private static boolean constant(double[] v) {
        for (double d : v) if (d != v[0]) return false;
        return true;
    }
}
