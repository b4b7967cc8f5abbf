package org.w2sg.geometry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.w2sg.linalg.Lanczos;
import org.w2sg.probe.LogisticProbe;
import org.w2sg.probe.Metrics;
import org.w2sg.probe.ProbeFit;
import org.w2sg.probe.ProbeOptions;
import org.w2sg.probe.Targets;
import org.w2sg.probe.WeakPredictions;

/**
 * Warm-start geometry and linear-representation strength of a strong model's activations, from the same B (fit) and
 * T (score) halves the W2SG protocol uses.
 *
 * <p>Which features: the spectrum, the principal components, the class-mean difference, the difference-of-means
 * classifier and d' use centred raw features (the geometry PCA sees). The gold direction is the gold probe's
 * weight vector mapped back to raw coordinates (w_j / scale_j). Every probe (gold, few-shot, top-k PC, weak-error)
 * standardizes its inputs with its training rows' statistics, as every probe of the harness does; the top-k PC
 * probes standardize the k PC scores.
 */
public final class Geometry {
    private Geometry() {}

    /**
     * @param weak the weak supervisor's predictions on B and T, or null (no weak-error metric)
     * @param gold a gold probe already fitted on (xB, goldB) to reuse (the sweep's ceiling probe), or null to fit one
     */
    public static GeometryResult measure(float[][] xB, int[] goldB, float[][] xT, int[] goldT, WeakPredictions weak,
                                         ProbeFit gold, GeometryOptions options) {
        long t0 = System.nanoTime();
        check(xB, goldB, "B");
        check(xT, goldT, "T");
        if (xB[0].length != xT[0].length) {
            throw new IllegalArgumentException("geometry: B has " + xB[0].length + " features but T has " + xT[0].length);
        }
        List<String> flags = new ArrayList<>();
        int d = xB[0].length;
        ProbeOptions probe = options.probe();

        Pca pca = Pca.fit(xB, options.maxK(), options.seed());
        Spectrum spectrum = Spectrum.of(pca);
        if (spectrum.saturated()) flags.add("outliers: all " + pca.computed() + " computed eigenvalues are outliers; the count is a lower bound");
        if (pca.computed() < options.maxK()) {
            flags.add("pcs: only " + pca.computed() + " principal components exist (min(d, n - 1)); larger k use all of them");
        }

        if (gold == null) gold = LogisticProbe.fit(xB, goldB, probe);
        double[] goldDir = rawDirection(gold);
        double[][] classMeans = classMeans(xB, goldB);
        double[] meanDiff = new double[d];
        for (int j = 0; j < d; j++) meanDiff[j] = classMeans[1][j] - classMeans[0][j];

        double[] pcGoldCos = absCos(pca.components(), goldDir);
        double[] pcMeanDiffCos = absCos(pca.components(), meanDiff);
        int[] ks = options.ks();
        double[] goldShare = new double[ks.length];
        double[] meanDiffShare = new double[ks.length];
        for (int i = 0; i < ks.length; i++) {
            goldShare[i] = cumulativeSquares(pcGoldCos, ks[i]);
            meanDiffShare[i] = cumulativeSquares(pcMeanDiffCos, ks[i]);
        }

        double[] mid = new double[d];
        for (int j = 0; j < d; j++) mid[j] = 0.5 * (classMeans[0][j] + classMeans[1][j]);
        double[] projT = new double[xT.length];
        long correct = 0;
        for (int i = 0; i < xT.length; i++) {
            double s = 0.0;
            for (int j = 0; j < d; j++) s += (xT[i][j] - mid[j]) * meanDiff[j];
            projT[i] = s;
            if ((s > 0) == (goldT[i] == 1)) correct++;
        }
        double diffMeansAcc = (double) correct / xT.length;
        double dPrime = dPrime(projT, goldT);

        int[] fewShot = options.fewShot();
        double[] fewShotAcc = new double[fewShot.length];
        for (int i = 0; i < fewShot.length; i++) {
            int[] rows = balancedDraw(goldB, fewShot[i], options.seed() * 31 + fewShot[i]);
            if (rows == null) {
                fewShotAcc[i] = Double.NaN;
                flags.add("fewshot" + fewShot[i] + ": B has fewer than " + fewShot[i] / 2 + " rows of a class");
                continue;
            }
            float[][] x = new float[rows.length][];
            int[] y = new int[rows.length];
            for (int r = 0; r < rows.length; r++) {
                x[r] = xB[rows[r]];
                y[r] = goldB[rows[r]];
            }
            ProbeOptions few = probe.crossValidates() ? probe.withFolds(Math.min(probe.folds(), fewShot[i] / 2)) : probe;
            fewShotAcc[i] = Metrics.accuracy(LogisticProbe.fit(x, y, few).predictProba(xT), goldT);
        }

        // the top-k PC probes and the weak-error probe train on B's rows like the gold probe: they reuse its lambda
        // (one fit each instead of a cross-validated grid; the few-shot probes, on far fewer rows, keep their CV)
        double goldLambda = gold.lambda();
        ProbeOptions sameLambda = goldLambda >= 0 && Double.isFinite(goldLambda) ? probe.withLambda(goldLambda) : probe;
        double[] pcProbeAcc = new double[ks.length];
        // the scores on the top max(k) PCs once; each probe takes its first k columns
        int kMax = Math.min(options.maxK(), pca.computed());
        double[][] scoresB = pca.project(xB, kMax);
        double[][] scoresT = pca.project(xT, kMax);
        for (int i = 0; i < ks.length; i++) {
            int k = Math.min(ks[i], pca.computed());
            ProbeFit fit = LogisticProbe.fit(firstColumns(scoresB, k), Targets.fromLabels(goldB), sameLambda);
            pcProbeAcc[i] = Metrics.accuracy(fit.predictProba(firstColumns(scoresT, k)), goldT);
        }

        double weakErrorAuc = Double.NaN;
        int weakErrorsT = 0;
        if (weak != null) {
            int[] errB = errors(weak.transfer(), goldB);
            int[] errT = errors(weak.test(), goldT);
            int nB = Arrays.stream(errB).sum();
            int nT = Arrays.stream(errT).sum();
            weakErrorsT = nT;
            if (nB < 2 || nB > errB.length - 2) {
                flags.add("weak_err: the weak supervisor errs on " + nB + " of " + errB.length + " rows of B; too few of one kind to fit a probe");
            } else if (nT == 0 || nT == errT.length) {
                flags.add("weak_err: the weak supervisor errs on " + nT + " of " + errT.length + " rows of T; AUC undefined");
            } else {
                ProbeFit fit = LogisticProbe.fit(xB, errB, sameLambda);
                weakErrorAuc = Metrics.rocAuc(fit.predictProba(xT), errT);
            }
        }
        int n1 = Arrays.stream(goldT).sum();
        int n0 = goldT.length - n1;
        java.util.Map<String, Double> se = new java.util.HashMap<>();
        se.put(GeometryResult.DIFFMEANS_ACC, accuracySe(diffMeansAcc, goldT.length));
        se.put(GeometryResult.FISHER_DPRIME, Math.sqrt(1.0 / n1 + 1.0 / n0 + dPrime * dPrime / (2.0 * goldT.length)));
        for (int i = 0; i < fewShot.length; i++) se.put(GeometryResult.fewShotName(fewShot[i]), accuracySe(fewShotAcc[i], goldT.length));
        for (int i = 0; i < ks.length; i++) se.put(GeometryResult.pcProbeName(ks[i]), accuracySe(pcProbeAcc[i], goldT.length));
        se.put(GeometryResult.WEAK_ERROR_AUC, aucSe(weakErrorAuc, weakErrorsT, goldT.length - weakErrorsT));
        se.values().removeIf(v -> !Double.isFinite(v));
        return new GeometryResult(spectrum, pcGoldCos, pcMeanDiffCos, ks, goldShare, meanDiffShare, diffMeansAcc,
                dPrime, fewShot, fewShotAcc, pcProbeAcc, weakErrorAuc, se, flags, (System.nanoTime() - t0) / 1e9);
    }

    /** Binomial standard error of an accuracy on n rows. */
    static double accuracySe(double p, int n) {
        return Math.sqrt(p * (1 - p) / n);
    }

    /** Hanley and McNeil's (1982) standard error of an AUC with n1 positives and n0 negatives. */
    static double aucSe(double a, int n1, int n0) {
        if (!Double.isFinite(a) || n1 < 1 || n0 < 1) return Double.NaN;
        double q1 = a / (2 - a);
        double q2 = 2 * a * a / (1 + a);
        return Math.sqrt((a * (1 - a) + (n1 - 1) * (q1 - a * a) + (n0 - 1) * (q2 - a * a)) / ((double) n1 * n0));
    }

    private static double[][] firstColumns(double[][] x, int k) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) out[i] = x[i].length == k ? x[i] : Arrays.copyOf(x[i], k);
        return out;
    }

    /** The probe's weights on standardized features as a direction in raw coordinates: w_j / scale_j. */
    static double[] rawDirection(ProbeFit fit) {
        double[] scale = fit.scaler().scale();
        double[] w = new double[scale.length];
        for (int j = 0; j < w.length; j++) w[j] = fit.weights()[j] / scale[j];
        return w;
    }

    static double[] absCos(double[][] unitVectors, double[] direction) {
        double len = Lanczos.norm(direction);
        double[] out = new double[unitVectors.length];
        for (int i = 0; i < out.length; i++) out[i] = len > 0 ? Math.abs(Lanczos.dot(unitVectors[i], direction)) / len : Double.NaN;
        return out;
    }

    /** Sum of the first min(k, length) squares: the squared norm of a unit direction's projection on that span. */
    static double cumulativeSquares(double[] cos, int k) {
        double s = 0.0;
        for (int i = 0; i < Math.min(k, cos.length); i++) s += cos[i] * cos[i];
        return s;
    }

    static double[][] classMeans(float[][] x, int[] y) {
        int d = x[0].length;
        double[][] mean = new double[2][d];
        int[] count = new int[2];
        for (int i = 0; i < x.length; i++) {
            count[y[i]]++;
            for (int j = 0; j < d; j++) mean[y[i]][j] += x[i][j];
        }
        for (int c = 0; c < 2; c++) {
            if (count[c] == 0) throw new IllegalArgumentException("geometry: B has no rows of class " + c);
            for (int j = 0; j < d; j++) mean[c][j] /= count[c];
        }
        return mean;
    }

    /** (m1 - m0) / sqrt((v1 + v0) / 2) of scores split by label; NaN when a class is missing or both are constant. */
    static double dPrime(double[] score, int[] y) {
        double[] sum = new double[2];
        double[] sq = new double[2];
        int[] n = new int[2];
        for (int i = 0; i < score.length; i++) {
            sum[y[i]] += score[i];
            n[y[i]]++;
        }
        if (n[0] < 2 || n[1] < 2) return Double.NaN;
        double m0 = sum[0] / n[0];
        double m1 = sum[1] / n[1];
        for (int i = 0; i < score.length; i++) {
            double dev = score[i] - (y[i] == 1 ? m1 : m0);
            sq[y[i]] += dev * dev;
        }
        double pooled = 0.5 * (sq[0] / (n[0] - 1) + sq[1] / (n[1] - 1));
        return pooled > 0 ? (m1 - m0) / Math.sqrt(pooled) : Double.NaN;
    }

    /** size / 2 rows of each class, drawn without replacement; null when a class has fewer. */
    static int[] balancedDraw(int[] y, int size, long seed) {
        int half = size / 2;
        SplittableRandom rng = new SplittableRandom(seed);
        int[] out = new int[size];
        int at = 0;
        for (int c = 0; c < 2; c++) {
            final int cls = c;
            int[] rows = java.util.stream.IntStream.range(0, y.length).filter(i -> y[i] == cls).toArray();
            if (rows.length < half) return null;
            for (int i = 0; i < half; i++) {
                int j = i + rng.nextInt(rows.length - i);
                int t = rows[i];
                rows[i] = rows[j];
                rows[j] = t;
                out[at++] = rows[i];
            }
        }
        Arrays.sort(out);
        return out;
    }

    /** 1 where the hard label of a probability disagrees with gold. */
    static int[] errors(double[] proba, int[] gold) {
        if (proba.length != gold.length) {
            throw new IllegalArgumentException("geometry: " + proba.length + " weak predictions for " + gold.length + " rows");
        }
        int[] e = new int[gold.length];
        for (int i = 0; i < e.length; i++) e[i] = (proba[i] > 0.5) == (gold[i] == 1) ? 0 : 1;
        return e;
    }

    private static void check(float[][] x, int[] y, String half) {
        if (x.length == 0) throw new IllegalArgumentException("geometry: " + half + " has no rows");
        if (x.length != y.length) throw new IllegalArgumentException("geometry: " + half + " has " + x.length + " rows but " + y.length + " labels");
        for (int i = 0; i < y.length; i++) {
            if (y[i] != 0 && y[i] != 1) throw new IllegalArgumentException("geometry: label " + i + " of " + half + " is " + y[i] + ", expected 0/1");
        }
    }
}
