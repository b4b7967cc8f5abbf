package org.w2sg.extract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BatchPlanTest {
    @Test
    void everyExampleOnceEachBatchWithinTheBudgetLongestFirst() {
        SplittableRandom rng = new SplittableRandom(3);
        int[] lengths = new int[500];
        for (int i = 0; i < lengths.length; i++) lengths[i] = 1 + rng.nextInt(rng.nextInt(10) == 0 ? 300 : 40);
        BatchPlan plan = BatchPlan.of(lengths, 1024, 100);
        int[] seen = new int[lengths.length];
        int previousLongest = Integer.MAX_VALUE;
        long real = 0;
        long padded = 0;
        for (int[] batch : plan.batches()) {
            int longest = Arrays.stream(batch).map(i -> lengths[i]).max().orElseThrow();
            assertTrue(batch.length == 1 || (long) batch.length * longest <= 1024);
            assertTrue(longest <= previousLongest, "longest first");
            previousLongest = longest;
            for (int i : batch) {
                seen[i]++;
                real += lengths[i];
            }
            padded += (long) longest * batch.length;
        }
        for (int c : seen) assertEquals(1, c);
        assertEquals(real, plan.realTokens());
        assertEquals(padded, plan.paddedTokens());
        for (int g = 0; g < plan.groups().size() - 1; g++) assertTrue(plan.groupMembers(g).length >= 100);
        int inGroups = 0;
        for (int g = 0; g < plan.groups().size(); g++) inGroups += plan.groupMembers(g).length;
        assertEquals(lengths.length, inGroups);
        // fewest batches: the next batch's first sequence would not have fitted into the batch before it
        for (int b = 0; b + 1 < plan.batches().size(); b++) {
            int[] batch = plan.batches().get(b);
            assertTrue((long) (batch.length + 1) * lengths[batch[0]] > 1024, "batch " + b + " could hold one more");
        }
        BatchPlan again = BatchPlan.of(lengths, 1024, 100);
        for (int b = 0; b < plan.batches().size(); b++) assertArrayEquals(plan.batches().get(b), again.batches().get(b));
    }

    @Test
    void batchesFillTheBudgetAndALongSequenceRunsAlone() {
        int[] lengths = new int[101];
        Arrays.fill(lengths, 3);
        lengths[57] = 60;
        // padding is not computed (the forward pass packs real tokens): one batch holds all that the budget allows
        BatchPlan plan = BatchPlan.of(lengths, 10_000, 1000);
        assertEquals(1, plan.batches().size());
        assertEquals(57, plan.batches().get(0)[0]);
        assertEquals(101 * 60, plan.paddedTokens());
        assertEquals(360, plan.realTokens());
        // a sequence longer than the budget still runs, alone
        BatchPlan tight = BatchPlan.of(new int[] {50, 5, 5}, 20, 1);
        assertArrayEquals(new int[] {0}, tight.batches().get(0));
        assertArrayEquals(new int[] {1, 2}, tight.batches().get(1));
        assertEquals(2, tight.groups().size());
    }

    @Test
    void theFewestBatchesAgainstBruteForce() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + rng.nextInt(10);
            int[] lengths = new int[n];
            for (int i = 0; i < n; i++) lengths[i] = 1 + rng.nextInt(30);
            int budget = 10 + rng.nextInt(120);
            BatchPlan plan = BatchPlan.of(lengths, budget, 1);
            int[] sorted = Arrays.stream(lengths).boxed().sorted((a, b) -> b - a).mapToInt(Integer::intValue).toArray();
            int fewest = Integer.MAX_VALUE;
            for (int mask = 0; mask < 1 << (n - 1); mask++) { // bit k set = cut after position k
                int batches = 0;
                int start = 0;
                boolean ok = true;
                for (int k = 0; k < n; k++) {
                    if (k == n - 1 || (mask >> k & 1) == 1) {
                        long size = k - start + 1;
                        if (size > 1 && size * sorted[start] > budget) ok = false;
                        batches++;
                        start = k + 1;
                    }
                }
                if (ok) fewest = Math.min(fewest, batches);
            }
            assertEquals(fewest, plan.batches().size(), "lengths " + Arrays.toString(lengths) + " budget " + budget);
        }
    }
}
