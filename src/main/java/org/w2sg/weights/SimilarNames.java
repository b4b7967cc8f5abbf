package org.w2sg.weights;

import java.util.Collection;
import java.util.Comparator;
import java.util.stream.Collectors;
import org.w2sg.errors.DidYouMean;

/** "Did you mean" help for a missing tensor: the few stored names closest by edit distance. */
final class SimilarNames {
    private SimilarNames() {}

    static String suggest(String wanted, Collection<String> names) {
        if (names.isEmpty()) return "the store holds no tensors";
        String list = names.stream()
                .sorted(Comparator.comparingInt((String n) -> distance(wanted, n)).thenComparing(n -> n))
                .limit(3)
                .collect(Collectors.joining(", "));
        return "similar names: " + list + " (" + names.size() + (names.size() == 1 ? " tensor" : " tensors") + " in all)";
    }

    static int distance(String a, String b) {
        return DidYouMean.editDistance(a, b);
    }
}
