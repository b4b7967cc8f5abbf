package org.w2sg.weights;

import java.util.Collection;
import java.util.Comparator;
import java.util.stream.Collectors;

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
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
