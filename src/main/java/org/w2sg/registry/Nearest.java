package org.w2sg.registry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w2sg.errors.DidYouMean;

/** "Did you mean" helpers: the closest names or revisions to something that was not found. */
public final class Nearest {
    private Nearest() {}

    /** Up to {@code k} names closest to {@code wanted} by case-insensitive edit distance (substring matches first). */
    public static List<String> names(Iterable<String> known, String wanted, int k) {
        String w = wanted.toLowerCase();
        List<String> all = new ArrayList<>();
        known.forEach(all::add);
        all.sort(Comparator.<String>comparingInt(n -> n.toLowerCase().contains(w) || w.contains(n.toLowerCase()) ? 0 : 1)
                .thenComparingInt(n -> editDistance(n.toLowerCase(), w))
                .thenComparing(Comparator.naturalOrder()));
        return all.subList(0, Math.min(k, all.size()));
    }

    /**
     * Up to {@code k} revisions nearest to {@code wanted}: by step when the name holds a number (step12345 -> the
     * revisions around step 12345), else by edit distance of the names. Returned in step order.
     */
    public static List<Revision> revisions(List<Revision> known, String wanted, int k) {
        Matcher m = Pattern.compile("(\\d+)").matcher(wanted);
        Long step = null;
        Matcher sm = Pattern.compile("step(\\d+)").matcher(wanted);
        if (sm.find()) step = Long.parseLong(sm.group(1));
        else if (m.find()) step = Long.parseLong(m.group(1));
        List<Revision> all = new ArrayList<>(known);
        if (step != null) {
            // the neighbours on each side of the wanted step, so the user sees where it falls
            long s = step;
            List<Revision> below = all.stream().filter(r -> r.step() < s).sorted(Comparator.reverseOrder()).toList();
            List<Revision> above = all.stream().filter(r -> r.step() >= s).sorted().toList();
            int half = Math.max(1, k / 2);
            int nb = Math.min(below.size(), Math.max(half, k - above.size()));
            int na = Math.min(above.size(), k - nb);
            List<Revision> out = new ArrayList<>(below.subList(0, nb));
            out.addAll(above.subList(0, na));
            out.sort(null);
            return out;
        }
        all.sort(Comparator.<Revision>comparingInt(r -> editDistance(r.name(), wanted)).thenComparing(Comparator.naturalOrder()));
        List<Revision> out = new ArrayList<>(all.subList(0, Math.min(k, all.size())));
        out.sort(null);
        return out;
    }

    static int editDistance(String a, String b) {
        return DidYouMean.editDistance(a, b);
    }
}
