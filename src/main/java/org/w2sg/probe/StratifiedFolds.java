package org.w2sg.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.w2sg.errors.UserException;

/**
 * Seeded stratified k-fold assignment: each class is shuffled on its own and dealt round-robin, so every fold has
 * the class balance of the whole and the same seed gives the same folds on every machine and thread. (Smile's
 * {@code CrossValidation.stratify} draws from a shared global generator, which a reproducible sweep cannot use.)
 */
public final class StratifiedFolds {
    private StratifiedFolds() {}

    /** @return fold index (0..k-1) of each row */
    public static int[] assign(boolean[] positive, int k, long seed) {
        int n = positive.length;
        if (k > n) throw new UserException("probe: " + k + "-fold CV needs at least " + k + " rows, got " + n);
        SplittableRandom rng = new SplittableRandom(seed);
        int[] fold = new int[n];
        int next = 0;
        for (boolean cls : new boolean[] {false, true}) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < n; i++) if (positive[i] == cls) members.add(i);
            int[] idx = members.stream().mapToInt(Integer::intValue).toArray();
            for (int i = idx.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int tmp = idx[i];
                idx[i] = idx[j];
                idx[j] = tmp;
            }
            // continue the round-robin across classes so fold sizes differ by at most one
            for (int i : idx) fold[i] = next++ % k;
        }
        return fold;
    }
}
