package org.w2sg.extract;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.w2sg.errors.UserException;

/**
 * Length-sorted batches under a token budget. Sequences are sorted longest first and cut into consecutive runs, each
 * a batch with {@code batchSize x longest <= batchTokens} (the memory a padded batch would take; a sequence longer
 * than the budget runs alone). The forward pass computes only a batch's real tokens (it packs them, see
 * {@code PackedTokens}), so padding costs no arithmetic and the plan takes the fewest batches: each as long as the
 * budget allows, which makes the matrix products as large, and the per-batch overhead as small, as the budget permits.
 * (Greedy filling is optimal for that: with lengths sorted, the longest sequence of a batch is its first.)
 * Consecutive batches are gathered into groups of at least {@code groupExamples} examples: the unit that is
 * checkpointed to disk, so an interrupted extraction resumes from the last finished group. Deterministic: ties in
 * length keep input order.
 */
public record BatchPlan(int batchTokens, List<int[]> batches, List<int[]> groups, long realTokens, long paddedTokens) {

    public static BatchPlan of(int[] lengths, int batchTokens, int groupExamples) {
        if (batchTokens < 1) throw new UserException("--batch-tokens must be at least 1, got " + batchTokens);
        Integer[] order = new Integer[lengths.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.<Integer>comparingInt(i -> -lengths[i]).thenComparingInt(i -> i));
        int n = order.length;
        List<int[]> batches = new ArrayList<>();
        int at = 0;
        while (at < n) {
            long longest = Math.max(1, lengths[order[at]]);
            int size = (int) Math.max(1, Math.min(n - at, batchTokens / longest));
            int[] batch = new int[size];
            for (int k = 0; k < size; k++) batch[k] = order[at + k];
            batches.add(batch);
            at += size;
        }
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

    /** The share of the padded layout's positions that are padding (the forward pass computes none of them). */
    public double paddingFraction() {
        return paddedTokens == 0 ? 0 : 1.0 - (double) realTokens / paddedTokens;
    }

    /** The example indices of group {@code g}, in the order its batches run. */
    public int[] groupMembers(int g) {
        return Arrays.stream(groups.get(g)).flatMap(b -> Arrays.stream(batches.get(b))).toArray();
    }
}
