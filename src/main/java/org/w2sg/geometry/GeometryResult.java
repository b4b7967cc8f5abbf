package org.w2sg.geometry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The geometry of one set of strong-model activations (fitted on B, scored on T).
 *
 * @param spectrum       top eigenvalues of B's centred raw covariance against the Marchenko-Pastur edge
 * @param pcGoldCos      |cos| of each computed top PC with the gold probe's direction (in raw coordinates)
 * @param pcMeanDiffCos  |cos| of each computed top PC with the class-mean difference of B
 * @param ks             the span sizes asked for
 * @param goldShare      per k: share of the gold direction's squared norm inside the top-k PC span
 * @param meanDiffShare  per k: the same for the class-mean difference
 * @param diffMeansAcc   accuracy on T of the difference-of-means classifier fitted on B (raw features)
 * @param fisherDPrime   d' on T along B's class-mean difference: (m1 - m0) / sqrt((v1 + v0) / 2)
 * @param fewShot        the few-shot sizes asked for
 * @param fewShotAcc     per size: accuracy on T of a probe on that many labelled rows of B (NaN when B is too small)
 * @param pcProbeAcc     per k: accuracy on T of a probe on the top-k PC scores
 * @param weakErrorAuc   held-out AUC on T of a probe on the strong features that predicts where the weak
 *                       supervisor's hard label is wrong (NaN without a supervisor or with one error class)
 * @param testErrors     standard errors, over T's rows, of the metrics scored on T (normal approximations: binomial
 *                       for accuracies, Hanley-McNeil for the AUC, the usual large-sample one for d'); the spectral
 *                       and alignment metrics are fitted on B alone and have none
 * @param flags          why a number is missing or bounded
 * @param seconds        wall time of the whole measurement
 */
public record GeometryResult(Spectrum spectrum, double[] pcGoldCos, double[] pcMeanDiffCos, int[] ks,
                             double[] goldShare, double[] meanDiffShare, double diffMeansAcc, double fisherDPrime,
                             int[] fewShot, double[] fewShotAcc, double[] pcProbeAcc, double weakErrorAuc,
                             Map<String, Double> testErrors, List<String> flags, double seconds) {
    public GeometryResult {
        testErrors = Map.copyOf(testErrors);
        flags = List.copyOf(flags);
    }

    /** Every geometry metric's name starts with this. */
    public static final String PREFIX = "geo_";

    /** Metric names as they appear in emergence.csv (one value per unit). */
    public static final String OUTLIERS = "geo_outliers";
    public static final String TOP_OVER_EDGE = "geo_top_over_edge";
    public static final String PC1_GOLD_COS = "geo_pc1_gold_cos";
    public static final String PC1_MEANDIFF_COS = "geo_pc1_meandiff_cos";
    public static final String DIFFMEANS_ACC = "geo_diffmeans_acc";
    public static final String FISHER_DPRIME = "geo_fisher_dprime";
    public static final String WEAK_ERROR_AUC = "geo_weak_err_auc";

    public static String goldShareName(int k) {
        return "geo_gold_share_k" + k;
    }

    public static String pcProbeName(int k) {
        return "geo_pc" + k + "_probe_acc";
    }

    public static String fewShotName(int s) {
        return "geo_fewshot" + s + "_acc";
    }

    /** Every scalar metric by name, in a fixed order; NaN where undefined. */
    public Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(OUTLIERS, (double) spectrum.outliers());
        m.put(TOP_OVER_EDGE, spectrum.topOverEdge());
        m.put(PC1_GOLD_COS, pcGoldCos[0]);
        m.put(PC1_MEANDIFF_COS, pcMeanDiffCos[0]);
        for (int i = 0; i < ks.length; i++) m.put(goldShareName(ks[i]), goldShare[i]);
        m.put(DIFFMEANS_ACC, diffMeansAcc);
        m.put(FISHER_DPRIME, fisherDPrime);
        for (int i = 0; i < fewShot.length; i++) m.put(fewShotName(fewShot[i]), fewShotAcc[i]);
        for (int i = 0; i < ks.length; i++) m.put(pcProbeName(ks[i]), pcProbeAcc[i]);
        m.put(WEAK_ERROR_AUC, weakErrorAuc);
        return m;
    }

    /** The metric names a sweep records for these span and few-shot sizes, in {@link #metrics()} order. */
    public static List<String> names(int[] ks, int[] fewShot) {
        List<String> names = new java.util.ArrayList<>(List.of(OUTLIERS, TOP_OVER_EDGE, PC1_GOLD_COS, PC1_MEANDIFF_COS));
        for (int k : ks) names.add(goldShareName(k));
        names.add(DIFFMEANS_ACC);
        names.add(FISHER_DPRIME);
        for (int s : fewShot) names.add(fewShotName(s));
        for (int k : ks) names.add(pcProbeName(k));
        names.add(WEAK_ERROR_AUC);
        return names;
    }
}
