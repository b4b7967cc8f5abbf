package org.w2sg.stats;

import smile.stat.hypothesis.CorTest;

/**
 * Spearman rank correlation (ties get their average rank) with a two-sided p-value; pairs where either value is NaN
 * (e.g. an undefined PGR) are left out. Up to {@link #EXACT_MAX_N} pairs the p-value is exact, from every permutation
 * of the ranks: a sweep often has only a handful of steps, where the t approximation is far off (with 3 steps and
 * rho = 1 it gives p = 0, while a third of all orderings are as extreme). Beyond that, Smile's {@link CorTest}
 * t-test.
 */
public record Spearman(double rho, double pValue, int n) {
    /** 9! = 362,880 permutations: still a few milliseconds. */
    static final int EXACT_MAX_N = 9;

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
        double p = n <= EXACT_MAX_N ? exactPValue(ranks(a), ranks(b)) : t.pvalue();
        return new Spearman(t.cor(), p, n);
    }

    /** Share of the orderings of {@code rb} whose |rank correlation| with {@code ra} is at least the observed one. */
    static double exactPValue(double[] ra, double[] rb) {
        double observed = Math.abs(pearson(ra, rb));
        double[] perm = rb.clone();
        int n = perm.length;
        long total = 0, asExtreme = 0;
        // Heap's algorithm, iterative: visits all n! orderings once
        int[] c = new int[n];
        if (Math.abs(pearson(ra, perm)) >= observed - 1e-12) asExtreme++;
        total++;
        for (int i = 1; i < n; ) {
            if (c[i] < i) {
                int j = (i % 2 == 0) ? 0 : c[i];
                double tmp = perm[j];
                perm[j] = perm[i];
                perm[i] = tmp;
                if (Math.abs(pearson(ra, perm)) >= observed - 1e-12) asExtreme++;
                total++;
                c[i]++;
                i = 1;
            } else {
                c[i] = 0;
                i++;
            }
        }
        return (double) asExtreme / total;
    }

    /** Ranks from 1, ties sharing their average rank. */
    static double[] ranks(double[] v) {
        int n = v.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        java.util.Arrays.sort(order, (p, q) -> Double.compare(v[p], v[q]));
        double[] r = new double[n];
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && v[order[j + 1]] == v[order[i]]) j++;
            double avg = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) r[order[k]] = avg;
            i = j + 1;
        }
        return r;
    }

    /** Pearson correlation of two equal-length series. */
    static double pearson(double[] a, double[] b) {
        int n = a.length;
        double ma = 0, mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= n;
        mb /= n;
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < n; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    private static boolean constant(double[] v) {
        for (double d : v) if (d != v[0]) return false;
        return true;
    }
}
