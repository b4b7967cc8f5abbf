package org.w2sg.probe;

import java.util.Arrays;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.w2sg.stats.Quantile;

/**
 * Paired bootstrap over the test set: every resample draws one set of test indices and scores the weak supervisor,
 * the ceiling probe and the w2s probe on those same indices, so differences and ratios between them (gain, PGR)
 * carry the correlation of their errors instead of adding independent noise. Intervals are percentile intervals.
 */
public final class PairedBootstrap {
    private PairedBootstrap() {}

    /**
     * @param weakProba    the weak supervisor's P(y=1) on the test rows
     * @param ceilingProba the gold-trained strong probe's P(y=1) on the test rows
     * @param w2sProba     the weak-label-trained strong probe's P(y=1) on the test rows
     * @param gold         gold 0/1 labels of the test rows
     */
    public static W2sMetrics evaluate(double[] weakProba, double[] ceilingProba, double[] w2sProba, int[] gold,
                                      BootstrapOptions options) {
        int n = gold.length;
        Metrics.checkLengths(weakProba.length, n);
        Metrics.checkLengths(ceilingProba.length, n);
        Metrics.checkLengths(w2sProba.length, n);
        double[][] proba = {weakProba, ceilingProba, w2sProba};
        boolean[][] correct = new boolean[3][n];
        Metrics.RankedScores[] ranked = new Metrics.RankedScores[3];
        for (int m = 0; m < 3; m++) {
            for (int i = 0; i < n; i++) correct[m][i] = (proba[m][i] > 0.5) == (gold[i] == 1);
            ranked[m] = new Metrics.RankedScores(proba[m], gold);
        }
        double floor = options.pgrFloor();

        // point estimates
        double[] acc = new double[3];
        double[] auc = new double[3];
        for (int m = 0; m < 3; m++) {
            acc[m] = Metrics.accuracy(proba[m], gold);
            auc[m] = ranked[m].auc(null);
        }

        int r = options.resamples();
        double[][] accB = new double[3][r];
        double[][] aucB = new double[3][r];
        double[] pgrAccB = new double[r];
        double[] pgrAucB = new double[r];
        SplittableRandom rng = new SplittableRandom(options.seed());
        int[] counts = new int[n];
        for (int b = 0; b < r; b++) {
            Arrays.fill(counts, 0);
            for (int k = 0; k < n; k++) counts[rng.nextInt(n)]++;
            for (int m = 0; m < 3; m++) {
                long hits = 0;
                boolean[] c = correct[m];
                for (int i = 0; i < n; i++) if (c[i]) hits += counts[i];
                accB[m][b] = (double) hits / n;
                aucB[m][b] = ranked[m].auc(counts);
            }
            pgrAccB[b] = Pgr.of(accB[0][b], accB[1][b], accB[2][b], floor).orElse(Double.NaN);
            pgrAucB[b] = Pgr.of(aucB[0][b], aucB[1][b], aucB[2][b], floor).orElse(Double.NaN);
        }
        double alpha = (1 - options.confidence()) / 2;
        return new W2sMetrics(
                estimate(acc[0], accB[0], alpha, ""), estimate(acc[1], accB[1], alpha, ""),
                estimate(acc[2], accB[2], alpha, ""), estimate(acc[2] - acc[0], diff(accB[2], accB[0]), alpha, ""),
                pgr("acc", acc, pgrAccB, floor, alpha),
                estimate(auc[0], aucB[0], alpha, ""), estimate(auc[1], aucB[1], alpha, ""),
                estimate(auc[2], aucB[2], alpha, ""), estimate(auc[2] - auc[0], diff(aucB[2], aucB[0]), alpha, ""),
                pgr("auc", auc, pgrAucB, floor, alpha),
                n, r);
    }

    private static Estimate pgr(String metric, double[] point, double[] resampled, double floor, double alpha) {
        OptionalDouble value = Pgr.of(point[0], point[1], point[2], floor);
        if (value.isEmpty()) return Estimate.undefined(Pgr.undefinedReason(metric, point[0], point[1], floor));
        double[] defined = Arrays.stream(resampled).filter(v -> !Double.isNaN(v)).toArray();
        String flag = "";
        if (defined.length < resampled.length) {
            // the interval only covers resamples where PGR exists; say how many did not
            flag = String.format(Locale.ROOT, "pgr_ci_partial: %d of %d resamples had %s gap < floor %.4f",
                    resampled.length - defined.length, resampled.length, metric, floor);
        }
        if (defined.length == 0) return new Estimate(value.getAsDouble(), Double.NaN, Double.NaN, flag);
        return estimate(value.getAsDouble(), defined, alpha, flag);
    }

    private static double[] diff(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) d[i] = a[i] - b[i];
        return d;
    }

    private static Estimate estimate(double point, double[] resampled, double alpha, String flag) {
        if (Double.isNaN(point)) return Estimate.undefined("undefined: a class is missing from the test set");
        double[] finite = Arrays.stream(resampled).filter(v -> !Double.isNaN(v)).toArray();
        if (finite.length == 0) return new Estimate(point, Double.NaN, Double.NaN, flag);
        return new Estimate(point, Quantile.of(finite, alpha), Quantile.of(finite, 1 - alpha), flag);
    }

}
