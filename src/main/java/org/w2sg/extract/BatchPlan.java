package org.w2sg.extract;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Length-sorted batches under a token budget: sequences are sorted longest first and each batch takes the next ones
 * while {@code batchSize x longest <= batchTokens}, so a batch holds sequences of similar length and little padding.
 * Consecutive batches are gathered into groups of at least {@code groupExamples} examples: the unit that is
 * checkpointed to disk, so an interrupted extraction resumes from the last finished group. Deterministic: ties in
 * length keep input order.
 */
public record BatchPlan(int batchTokens, List<int[]> batches, List<int[]> groups, long realTokens, long paddedTokens) {

    public static BatchPlan of(int[] lengths, int batchTokens, int groupExamples) {
        if (batchTokens < 1) throw new IllegalArgumentException("--batch-tokens must be at least 1, got " + batchTokens);
        Integer[] order = new Integer[lengths.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.<Integer>comparingInt(i -> -lengths[i]).thenComparingInt(i -> i));
        List<int[]> batches = new ArrayList<>();
        long real = 0;
        long padded = 0;
        int at = 0;
        while (at < order.length) {
            int longest = Math.max(1, lengths[order[at]]);
            // a sequence longer than the budget still runs, alone
            int size = Math.max(1, Math.min(order.length - at, batchTokens / longest));
            int[] batch = new int[size];
            for (int k = 0; k < size; k++) {
                batch[k] = order[at + k];
                real += lengths[batch[k]];
            }
            padded += (long) size * longest;
            batches.add(batch);
            at += size;
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
