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
        m.put(MetricNames.WEAK_ACC, weakAcc);
        m.put(MetricNames.CEILING_ACC, ceilingAcc);
        m.put(MetricNames.W2S_ACC, w2sAcc);
        m.put(MetricNames.GAIN_ACC, gainAcc);
        m.put(MetricNames.PGR_ACC, pgrAcc);
        m.put(MetricNames.WEAK_AUC, weakAuc);
        m.put(MetricNames.CEILING_AUC, ceilingAuc);
        m.put(MetricNames.W2S_AUC, w2sAuc);
        m.put(MetricNames.GAIN_AUC, gainAuc);
        m.put(MetricNames.PGR_AUC, pgrAuc);
        return m;
    }
}
