package org.w2sg.model;

/**
 * One batch of token ids, row-major [batchSize, seqLen], with its attention mask (1 = real token) and position ids.
 * Position ids follow transformers: 0..L-1 for right padding, cumsum(mask)-1 (masked positions set to 1) for left.
 */
public record TokenBatch(int batchSize, int seqLen, long[] inputIds, long[] attentionMask, long[] positionIds) {
    public TokenBatch {
        int n = batchSize * seqLen;
        if (inputIds.length != n || attentionMask.length != n || positionIds.length != n) {
            throw new IllegalArgumentException("batch arrays must all hold " + batchSize + " x " + seqLen + " values");
        }
    }

    /** Pads each sequence at the end to the longest one. */
    public static TokenBatch rightPadded(int[][] sequences, long padId) {
        return pad(sequences, padId, false);
    }

    /** Pads each sequence at the start to the longest one, as generation-style batching does. */
    public static TokenBatch leftPadded(int[][] sequences, long padId) {
        return pad(sequences, padId, true);
    }

    private static TokenBatch pad(int[][] sequences, long padId, boolean left) {
        int b = sequences.length;
        int s = 0;
        for (int[] seq : sequences) s = Math.max(s, seq.length);
        long[] ids = new long[b * s];
        long[] mask = new long[b * s];
        long[] pos = new long[b * s];
        java.util.Arrays.fill(ids, padId);
        for (int i = 0; i < b; i++) {
            int len = sequences[i].length;
            int start = left ? s - len : 0;
            for (int t = 0; t < s; t++) {
                int row = i * s + t;
                boolean real = t >= start && t < start + len;
                if (real) {
                    ids[row] = sequences[i][t - start];
                    mask[row] = 1;
                    pos[row] = t - start;
                } else {
                    pos[row] = left ? 1 : t;
                }
            }
        }
        return new TokenBatch(b, s, ids, mask, pos);
    }

    /** Index of the last real token of row i (where last-token pooling reads). */
    public int lastRealIndex(int i) {
        for (int t = seqLen - 1; t >= 0; t--) {
            if (attentionMask[i * seqLen + t] != 0) return t;
        }
        throw new IllegalStateException("row " + i + " of the batch has no real token");
    }

    public long realTokens() {
        long n = 0;
        for (long m : attentionMask) n += m;
        return n;
    }
}
