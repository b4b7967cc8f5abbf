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
        assertTrue(plan.paddingFraction() < 0.05, "padding " + plan.paddingFraction());
        BatchPlan again = BatchPlan.of(lengths, 1024, 100);
        for (int b = 0; b < plan.batches().size(); b++) assertArrayEquals(plan.batches().get(b), again.batches().get(b));
    }

    @Test
    void aLongSequenceDoesNotDragShortOnesIntoItsBatch() {
        int[] lengths = new int[101];
        Arrays.fill(lengths, 3);
        lengths[57] = 60;
        BatchPlan plan = BatchPlan.of(lengths, 10_000, 1000);
        assertEquals(2, plan.batches().size());
        assertArrayEquals(new int[] {57}, plan.batches().get(0));
        assertEquals(360, plan.paddedTokens());
        // a sequence longer than the budget still runs, alone
        BatchPlan tight = BatchPlan.of(new int[] {50, 5, 5}, 20, 1);
        assertArrayEquals(new int[] {0}, tight.batches().get(0));
        assertArrayEquals(new int[] {1, 2}, tight.batches().get(1));
        assertEquals(2, tight.groups().size());
    }

    @Test
    void theCutsAreOptimalAgainstBruteForce() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + rng.nextInt(10);
            int[] lengths = new int[n];
            for (int i = 0; i < n; i++) lengths[i] = 1 + rng.nextInt(30);
            int budget = 10 + rng.nextInt(120);
            BatchPlan plan = BatchPlan.of(lengths, budget, 1);
            long cost = plan.paddedTokens() + BatchPlan.BATCH_OVERHEAD_TOKENS * plan.batches().size();
            int[] sorted = Arrays.stream(lengths).boxed().sorted((a, b) -> b - a).mapToInt(Integer::intValue).toArray();
            long bestCost = Long.MAX_VALUE;
            for (int mask = 0; mask < 1 << (n - 1); mask++) { // bit k set = cut after position k
                long c = 0;
                int start = 0;
                boolean ok = true;
                for (int k = 0; k < n; k++) {
                    if (k == n - 1 || (mask >> k & 1) == 1) {
                        long size = k - start + 1;
                        long p = size * sorted[start];
                        if (size > 1 && p > budget) ok = false;
                        c += p + BatchPlan.BATCH_OVERHEAD_TOKENS;
                        start = k + 1;
                    }
                }
                if (ok) bestCost = Math.min(bestCost, c);
            }
            assertEquals(bestCost, cost, "lengths " + Arrays.toString(lengths) + " budget " + budget);
        }
    }
}
