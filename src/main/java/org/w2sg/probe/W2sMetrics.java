package org.w2sg.probe;

/**
 * Every number the W2SG protocol reports for one (revision, dataset, layer, seed), each with its paired-bootstrap
 * CI: accuracies and AUCs of the weak supervisor, the strong ceiling (gold probe) and the weak-to-strong probe, the
 * raw gains {@code w2s - weak} (always defined) and the PGRs (undefined below the floor, with a flag).
 */
public record W2sMetrics(Estimate weakAcc, Estimate ceilingAcc, Estimate w2sAcc, Estimate gainAcc, Estimate pgrAcc,
                         Estimate weakAuc, Estimate ceilingAuc, Estimate w2sAuc, Estimate gainAuc, Estimate pgrAuc,
                         int testSize, int resamples) {

    /** Name/value pairs in a fixed order, the metric names used in the tidy CSV. */
    public java.util.LinkedHashMap<String, Estimate> byName() {
        var m = new java.util.LinkedHashMap<String, Estimate>();
        m.put("weak_acc", weakAcc);
        m.put("ceiling_acc", ceilingAcc);
        m.put("w2s_acc", w2sAcc);
        m.put("gain_acc", gainAcc);
        m.put("pgr_acc", pgrAcc);
        m.put("weak_auc", weakAuc);
        m.put("ceiling_auc", ceilingAuc);
        m.put("w2s_auc", w2sAuc);
        m.put("gain_auc", gainAuc);
        m.put("pgr_auc", pgrAuc);
        return m;
    }
}
