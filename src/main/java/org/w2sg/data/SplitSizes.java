package org.w2sg.data;

import org.w2sg.errors.UserException;

/**
 * How many examples each split holds: weak-train (A), transfer (B) and test (T). Each split is class-balanced, so
 * every size must be even.
 */
public record SplitSizes(int weakTrain, int transfer, int test) {
    /** Fits the smallest built-in datasets (BoolQ, Anthropic HH: about 1,150 examples of the rarer class). */
    public static final SplitSizes DEFAULT = new SplitSizes(800, 800, 400);

    public SplitSizes {
        check("weak-train", weakTrain);
        check("transfer", transfer);
        check("test", test);
        if (weakTrain + transfer + test == 0) throw new UserException("all split sizes are 0");
    }

    private static void check(String split, int n) {
        if (n < 0 || n % 2 != 0) {
            throw new UserException("the " + split + " split size must be an even number >= 0 (half of "
                    + "each class), got " + n);
        }
    }

    public int total() {
        return weakTrain + transfer + test;
    }

    /** Scales the default 40/40/20 proportions to at most {@code n} examples (for quick runs, --max-examples). */
    public static SplitSizes ofTotal(int n) {
        int a = (int) (n * 0.4) / 2 * 2;
        int t = (n - 2 * a) / 2 * 2;
        return new SplitSizes(a, a, t);
    }

    @Override
    public String toString() {
        return weakTrain + "/" + transfer + "/" + test;
    }
}
