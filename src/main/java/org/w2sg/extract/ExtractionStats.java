package org.w2sg.extract;

/**
 * What one extraction run did: examples pooled in this run (groups finished by an earlier, interrupted run are not
 * counted), wall time of the forward passes, and the padding the batch plan leaves.
 */
public record ExtractionStats(int examples, int resumedExamples, double seconds, long realTokens, long paddedTokens,
                              int batches) {
    public double examplesPerSecond() {
        return seconds > 0 ? examples / seconds : Double.NaN;
    }

    public double paddingFraction() {
        return paddedTokens == 0 ? 0 : 1.0 - (double) realTokens / paddedTokens;
    }

    @Override
    public String toString() {
        return String.format("%d examples in %.1f s (%.1f examples/s, %d batches, %d real tokens; the forward pass packs "
                        + "them, so the batches' %.1f%% padding is not computed)%s",
                examples, seconds, examplesPerSecond(), batches, realTokens, 100 * paddingFraction(),
                resumedExamples > 0 ? ", " + resumedExamples + " resumed from an earlier run" : "");
    }
}
