package org.w2sg.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Correlation of two series over training steps after first differences (change from one step to the next, over
 * consecutive steps where both are defined): two quantities that both trend with training correlate in level even
 * when unrelated, and a permutation p-value of the levels assumes exchangeable points, which trending series are
 * not. Differences remove the shared trend; the p-value permutes the differences (exact up to 8 pairs, otherwise
 * 9,999 random permutations), valid when the differences carry no trend of their own.
 */
public record DifferencedCorrelation(double r, double pValue, int pairs) {
    public static DifferencedCorrelation of(double[] a, double[] b, long seed) {
        List<double[]> d = new ArrayList<>();
        for (int i = 1; i < a.length; i++) {
            if (Double.isFinite(a[i]) && Double.isFinite(a[i - 1]) && Double.isFinite(b[i]) && Double.isFinite(b[i - 1])) {
                d.add(new double[] {a[i] - a[i - 1], b[i] - b[i - 1]});
            }
        }
        int n = d.size();
        double[] x = d.stream().mapToDouble(v -> v[0]).toArray();
        double[] y = d.stream().mapToDouble(v -> v[1]).toArray();
        if (n < 3) return new DifferencedCorrelation(Double.NaN, Double.NaN, n);
        double r = Spearman.pearson(x, y);
        if (!Double.isFinite(r)) return new DifferencedCorrelation(Double.NaN, Double.NaN, n);
        double obs = Math.abs(r) - 1e-12;
        long as = 0, total = 0;
        if (n <= 8) {
            int[] perm = new int[n];
            for (int i = 0; i < n; i++) perm[i] = i;
            long[] counts = {0, 0};
            permute(perm, 0, x, y, obs, counts);
            as = counts[0];
            total = counts[1];
        } else {
            SplittableRandom rng = new SplittableRandom(seed);
            double[] p = y.clone();
            as = 1;
            total = 1;
            for (int k = 0; k < 9999; k++) {
                for (int i = n - 1; i > 0; i--) {
                    int j = rng.nextInt(i + 1);
                    double t = p[i];
                    p[i] = p[j];
                    p[j] = t;
                }
                if (Math.abs(Spearman.pearson(x, p)) >= obs) as++;
                total++;
            }
        }
        return new DifferencedCorrelation(r, (double) as / total, n);
    }

    private static void permute(int[] perm, int k, double[] x, double[] y, double obs, long[] counts) {
        if (k == perm.length) {
            double[] p = new double[perm.length];
            for (int i = 0; i < p.length; i++) p[i] = y[perm[i]];
            if (Math.abs(Spearman.pearson(x, p)) >= obs) counts[0]++;
            counts[1]++;
            return;
        }
        for (int i = k; i < perm.length; i++) {
            int t = perm[k];
            perm[k] = perm[i];
            perm[i] = t;
            permute(perm, k + 1, x, y, obs, counts);
            perm[i] = perm[k];
            perm[k] = t;
        }
    }
}
