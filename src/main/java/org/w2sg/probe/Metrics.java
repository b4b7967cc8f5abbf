package org.w2sg.probe;

/** Accuracy and ROC AUC of probabilities against gold 0/1 labels. */
public final class Metrics {
    private Metrics() {}

    /** Fraction of rows where {@code proba > 0.5} agrees with the gold label. */
    public static double accuracy(double[] proba, int[] gold) {
        checkLengths(proba.length, gold.length);
        long correct = 0;
        for (int i = 0; i < proba.length; i++) if ((proba[i] > 0.5) == (gold[i] == 1)) correct++;
        return (double) correct / proba.length;
    }

    public static double accuracy(double[] proba, double[] gold) {
        checkLengths(proba.length, gold.length);
        long correct = 0;
        for (int i = 0; i < proba.length; i++) if ((proba[i] > 0.5) == (gold[i] > 0.5)) correct++;
        return (double) correct / proba.length;
    }

    /**
     * ROC AUC in its Mann-Whitney form: the probability that a random positive scores above a random negative, ties
     * counting one half. NaN when one class is absent.
     */
    public static double rocAuc(double[] scores, int[] gold) {
        checkLengths(scores.length, gold.length);
        return new RankedScores(scores, gold).auc(null);
    }

    static void checkLengths(int a, int b) {
        if (a != b) throw new IllegalArgumentException("metrics: " + a + " predictions but " + b + " gold labels");
        if (a == 0) throw new IllegalArgumentException("metrics: the test set is empty");
    }

    /**
     * Scores sorted once, with their tie groups, so that the AUC of any bootstrap resample (given as per-row
     * multiplicities) costs one linear pass instead of a sort.
     */
    static final class RankedScores {
        private final int[] order;
        private final int[] groupEnd;
        private final boolean[] positive;

        RankedScores(double[] scores, int[] gold) {
            int n = scores.length;
            for (int i = 0; i < n; i++) {
                if (Double.isNaN(scores[i])) throw new IllegalArgumentException("metrics: score " + i + " is NaN");
                if (gold[i] != 0 && gold[i] != 1) {
                    throw new IllegalArgumentException("metrics: gold label " + i + " is " + gold[i] + ", expected 0/1");
                }
            }
            order = java.util.stream.IntStream.range(0, n).boxed()
                    .sorted((a, b) -> Double.compare(scores[a], scores[b])).mapToInt(Integer::intValue).toArray();
            positive = new boolean[n];
            for (int i = 0; i < n; i++) positive[i] = gold[i] == 1;
            // groupEnd[k] = exclusive end (in sorted order) of the tie group that sorted position k belongs to
            groupEnd = new int[n];
            for (int start = 0; start < n; ) {
                int end = start + 1;
                while (end < n && scores[order[end]] == scores[order[start]]) end++;
                for (int k = start; k < end; k++) groupEnd[k] = end;
                start = end;
            }
        }

        /** @param weight multiplicity of each row (a bootstrap resample), or null for all ones */
        double auc(int[] weight) {
            double negBelow = 0, pairs = 0, wPos = 0, wNeg = 0;
            int n = order.length;
            for (int start = 0; start < n; ) {
                int end = groupEnd[start];
                double gPos = 0, gNeg = 0;
                for (int k = start; k < end; k++) {
                    int i = order[k];
                    double w = weight == null ? 1 : weight[i];
                    if (positive[i]) gPos += w; else gNeg += w;
                }
                pairs += gPos * (negBelow + 0.5 * gNeg);
                negBelow += gNeg;
                wPos += gPos;
                wNeg += gNeg;
                start = end;
            }
            return wPos == 0 || wNeg == 0 ? Double.NaN : pairs / (wPos * wNeg);
        }
    }
}
