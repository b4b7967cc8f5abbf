package org.w2sg.registry;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.w2sg.errors.UserException;

/**
 * Parses {@code --steps} and picks revisions from a model's step-ordered list:
 * <ul>
 *   <li>a list: {@code step1000,step2000} or {@code 1000,2000} (branch names or step numbers);</li>
 *   <li>a range {@code START:END:STRIDE}: for each target START, START+STRIDE ... &le; END the revision with the
 *       nearest step inside [START, END] (exact on Pythia; robust to OLMo's missing branches);</li>
 *   <li>{@code log:N}: N revisions roughly evenly spaced in log(step+1), always the first and the last;</li>
 *   <li>{@code all}.</li>
 * </ul>
 * The result is in step order without duplicates.
 */
public sealed interface StepSelector {
    List<Revision> select(List<Revision> revisions);

    static StepSelector parse(String spec) {
        if (spec == null || spec.isBlank() || spec.trim().equals("all")) return new All();
        String s = spec.trim();
        if (s.startsWith("log:")) {
            int n;
            try {
                n = Integer.parseInt(s.substring(4).trim());
            } catch (NumberFormatException e) {
                throw new UserException("--steps '" + spec + "': log:N needs a whole number N >= 2");
            }
            if (n < 2) throw new UserException("--steps '" + spec + "': log:N needs N >= 2 (first and last are always included)");
            return new Log(n);
        }
        if (s.contains(":")) {
            String[] p = s.split(":", -1);
            if (p.length != 3)
                throw new UserException("--steps '" + spec + "': a range is START:END:STRIDE, e.g. 1000:143000:10000");
            long[] v = new long[3];
            for (int i = 0; i < 3; i++) {
                try {
                    v[i] = Long.parseLong(p[i].trim().replaceFirst("^step", ""));
                } catch (NumberFormatException e) {
                    throw new UserException("--steps '" + spec + "': '" + p[i] + "' is not a step number (range is START:END:STRIDE)");
                }
            }
            if (v[2] <= 0) throw new UserException("--steps '" + spec + "': STRIDE must be positive");
            if (v[1] < v[0]) throw new UserException("--steps '" + spec + "': END is before START");
            return new Range(v[0], v[1], v[2]);
        }
        List<String> items = new ArrayList<>();
        for (String item : s.split(",")) {
            if (item.isBlank()) throw new UserException("--steps '" + spec + "': empty item in the list");
            items.add(item.trim());
        }
        return new Listed(items);
    }

    record All() implements StepSelector {
        public List<Revision> select(List<Revision> revisions) {
            return List.copyOf(revisions);
        }
    }

    record Listed(List<String> items) implements StepSelector {
        public List<Revision> select(List<Revision> revisions) {
            Set<Revision> out = new TreeSet<>();
            for (String item : items) out.add(find(revisions, item));
            return List.copyOf(out);
        }

        private static Revision find(List<Revision> revisions, String item) {
            for (Revision r : revisions) if (r.name().equals(item)) return r;
            String digits = item.startsWith("step") ? item.substring(4) : item;
            if (digits.matches("\\d+")) {
                long step = Long.parseLong(digits);
                for (Revision r : revisions) if (r.step() == step) return r;
            }
            if (!item.matches(".*\\d.*")) {
                // not a step number and no such name: most likely not meant as a revision at all
                throw new UserException("no revision '" + item + "': --steps takes revision names or step "
                        + "numbers (step1000,2000), START:END:STRIDE, log:N or all; the revisions run from "
                        + revisions.getFirst().name() + " to " + revisions.getLast().name());
            }
            throw new UserException("no revision '" + item + "'; nearest: "
                    + String.join(", ", Nearest.revisions(revisions, item, 4).stream().map(Revision::name).toList()));
        }
    }

    record Range(long start, long end, long stride) implements StepSelector {
        public List<Revision> select(List<Revision> revisions) {
            List<Revision> inside = revisions.stream().filter(r -> r.step() >= start && r.step() <= end).toList();
            if (inside.isEmpty())
                throw new UserException("no revision has a step in " + start + ".." + end + "; the steps run from "
                        + revisions.getFirst().step() + " to " + revisions.getLast().step());
            Set<Revision> out = new LinkedHashSet<>();
            for (long t = start; t <= end; t += stride) {
                Revision best = null;
                for (Revision r : inside)
                    if (best == null || Math.abs(r.step() - t) < Math.abs(best.step() - t)) best = r;
                out.add(best);
            }
            return List.copyOf(new TreeSet<>(out));
        }
    }

    record Log(int n) implements StepSelector {
        public List<Revision> select(List<Revision> revisions) {
            if (revisions.size() <= n) return List.copyOf(revisions);
            double lo = Math.log1p(revisions.getFirst().step()), hi = Math.log1p(revisions.getLast().step());
            boolean[] used = new boolean[revisions.size()];
            used[0] = used[revisions.size() - 1] = true;
            for (int i = 1; i < n - 1; i++) {
                double target = lo + (hi - lo) * i / (n - 1);
                int best = -1;
                for (int j = 0; j < revisions.size(); j++) {
                    if (used[j]) continue;
                    if (best < 0 || Math.abs(Math.log1p(revisions.get(j).step()) - target)
                            < Math.abs(Math.log1p(revisions.get(best).step()) - target)) best = j;
                }
                used[best] = true;
            }
            List<Revision> out = new ArrayList<>();
            for (int j = 0; j < used.length; j++) if (used[j]) out.add(revisions.get(j));
            return out;
        }
    }
}
