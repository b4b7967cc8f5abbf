package org.w2sg.data;

import java.util.ArrayList;
import java.util.List;

/** The three disjoint, class-balanced splits one seed draws: A (weak-train), B (transfer) and T (test). */
public record Splits(String dataset, long seed, SplitSizes sizes, List<Example> weakTrain, List<Example> transfer,
                     List<Example> test) {
    public Splits {
        weakTrain = List.copyOf(weakTrain);
        transfer = List.copyOf(transfer);
        test = List.copyOf(test);
    }

    /** A, then B, then T. */
    public List<Example> all() {
        List<Example> all = new ArrayList<>(weakTrain);
        all.addAll(transfer);
        all.addAll(test);
        return all;
    }
}
