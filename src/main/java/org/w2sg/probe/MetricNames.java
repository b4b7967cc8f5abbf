package org.w2sg.probe;

import java.util.List;

/** The names under which a unit records its measurements (the {@code metric} column of emergence.csv). */
public final class MetricNames {
    private MetricNames() {}

    public static final String WEAK_ACC = "weak_acc";
    public static final String CEILING_ACC = "ceiling_acc";
    public static final String W2S_ACC = "w2s_acc";
    /** w2s_acc - weak_acc, always reported even when PGR is undefined. */
    public static final String GAIN_ACC = "gain_acc";
    public static final String PGR_ACC = "pgr_acc";
    public static final String WEAK_AUC = "weak_auc";
    public static final String CEILING_AUC = "ceiling_auc";
    public static final String W2S_AUC = "w2s_auc";
    public static final String GAIN_AUC = "gain_auc";
    public static final String PGR_AUC = "pgr_auc";
    /** Accuracy of the weak labels on B against gold: how noisy the strong model's supervision was. */
    public static final String WEAK_LABEL_ACC = "weak_label_acc";
    /** Share of T's rows where the w2s probe gives the weak supervisor's hard label (imitation). */
    public static final String W2S_WEAK_AGREEMENT = "w2s_weak_agreement";
    /** Of the T rows the weak supervisor gets wrong, the share the w2s probe gets wrong too (copied errors). */
    public static final String COPIED_WEAK_ERRORS = "copied_weak_errors";
    public static final String CEILING_LAMBDA = "ceiling_lambda";
    public static final String W2S_LAMBDA = "w2s_lambda";

    /** The metrics summary.csv aggregates over seeds, in its column order. */
    public static final List<String> SUMMARY = List.of(WEAK_ACC, CEILING_ACC, W2S_ACC, GAIN_ACC, PGR_ACC, WEAK_AUC,
            CEILING_AUC, W2S_AUC, GAIN_AUC, PGR_AUC);
}
