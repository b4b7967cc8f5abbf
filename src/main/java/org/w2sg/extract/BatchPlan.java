package org.w2sg.extract;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Length-sorted batches under a token budget. Sequences are sorted longest first and cut into consecutive runs, each
 * a batch with {@code batchSize x longest <= batchTokens}; where to cut is chosen by dynamic programming to minimise
 * the padded tokens computed plus a fixed cost per batch ({@link #BATCH_OVERHEAD_TOKENS}), so a batch never mixes a
 * 60-token sentence with 200 three-token ones just because the budget allows it. Consecutive batches are gathered
 * into groups of at least {@code groupExamples} examples: the unit that is checkpointed to disk, so an interrupted
 * extraction resumes from the last finished group. Deterministic: ties in length keep input order.
 */
public record BatchPlan(int batchTokens, List<int[]> batches, List<int[]> groups, long realTokens, long paddedTokens) {
    /**
     * What one more batch costs, in padded-token equivalents: the fixed per-forward work (one op dispatch per layer
     * and operator, Java/native copies), so the plan does not shatter into tiny batches to save a few pad tokens.
     */
    public static final long BATCH_OVERHEAD_TOKENS = 64;

    public static BatchPlan of(int[] lengths, int batchTokens, int groupExamples) {
        return of(lengths, batchTokens, groupExamples, BATCH_OVERHEAD_TOKENS);
    }

    /** @param overheadTokens the cost of one more batch in padded-token equivalents (0 = only padding counts) */
    public static BatchPlan of(int[] lengths, int batchTokens, int groupExamples, long overheadTokens) {
        if (batchTokens < 1) throw new IllegalArgumentException("--batch-tokens must be at least 1, got " + batchTokens);
        Integer[] order = new Integer[lengths.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.<Integer>comparingInt(i -> -lengths[i]).thenComparingInt(i -> i));
        int n = order.length;
        long[] len = new long[n];
        for (int k = 0; k < n; k++) len[k] = Math.max(1, lengths[order[k]]);
        // best[i]: least cost of batching the i longest sequences; cut[i]: where its last batch starts
        long[] best = new long[n + 1];
        int[] cut = new int[n + 1];
        for (int i = 1; i <= n; i++) {
            best[i] = Long.MAX_VALUE;
            for (int j = i - 1; j >= 0; j--) {
                long padded = (i - j) * len[j];
                if (padded > batchTokens && j < i - 1) break; // longer runs only get bigger; a lone sequence always runs
                long cost = best[j] + padded + overheadTokens;
                if (cost < best[i]) {
                    best[i] = cost;
                    cut[i] = j;
                }
            }
        }
        List<int[]> batches = new ArrayList<>();
        for (int i = n; i > 0; i = cut[i]) {
            int[] batch = new int[i - cut[i]];
            for (int k = 0; k < batch.length; k++) batch[k] = order[cut[i] + k];
            batches.add(batch);
        }
        java.util.Collections.reverse(batches);
        long real = 0;
        long padded = 0;
        for (int[] batch : batches) {
            long longest = 0;
            for (int i : batch) {
                real += lengths[i];
                longest = Math.max(longest, Math.max(1, lengths[i]));
            }
            padded += longest * batch.length;
        }
        List<int[]> groups = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        int inGroup = 0;
        for (int b = 0; b < batches.size(); b++) {
            current.add(b);
            inGroup += batches.get(b).length;
            if (inGroup >= groupExamples || b == batches.size() - 1) {
                groups.add(current.stream().mapToInt(Integer::intValue).toArray());
                current.clear();
                inGroup = 0;
            }
        }
        return new BatchPlan(batchTokens, List.copyOf(batches), List.copyOf(groups), real, padded);
    }

    /** The share of computed positions that are padding. */
    public double paddingFraction() {
        return paddedTokens == 0 ? 0 : 1.0 - (double) realTokens / paddedTokens;
    }

    /** The example indices of group {@code g}, in the order its batches run. */
    public int[] groupMembers(int g) {
        return Arrays.stream(groups.get(g)).flatMap(b -> Arrays.stream(batches.get(b))).toArray();
    }
}
