package org.w2sg.registry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.w2sg.errors.UserException;

/**
 * How an alias's revisions are known. {@code pythia}: the 154 fixed Pythia branches (step0, step1, 2, 4 ... 512,
 * step1000 ... step143000), tokens = step x tokens_per_step. {@code refs}: the repo's branches, read at run time and
 * parsed by {@code pattern} (named groups step, tokens, optional unit K/M/B/T, default B).
 */
public record RevisionScheme(String scheme, Long tokensPerStep, String pattern) {
    public static final int PYTHIA_LAST_STEP = 143_000;

    public RevisionScheme {
        if (scheme == null) throw new UserException("revisions.scheme is missing (pythia or refs)");
        switch (scheme) {
            case "pythia" -> {
                if (tokensPerStep == null || tokensPerStep <= 0)
                    throw new UserException("revisions.tokens_per_step must be a positive number for scheme pythia");
            }
            case "refs" -> {
                if (pattern == null || pattern.isBlank())
                    throw new UserException("revisions.pattern is required for scheme refs");
                Pattern p;
                try {
                    p = Pattern.compile(pattern);
                } catch (PatternSyntaxException e) {
                    throw new UserException("revisions.pattern is not a valid regex: " + e.getDescription());
                }
                if (!pattern.contains("(?<step>"))
                    throw new UserException("revisions.pattern needs a named group (?<step>...)");
            }
            default -> throw new UserException("revisions.scheme must be 'pythia' or 'refs', got '" + scheme + "'");
        }
    }

    /** True when the revision list comes from the repo's refs at run time. */
    public boolean fromRefs() {
        return scheme.equals("refs");
    }

    /** The 154 Pythia branch names in step order. */
    public static List<String> pythiaBranchNames() {
        List<String> names = new ArrayList<>(154);
        names.add("step0");
        for (int s = 1; s <= 512; s *= 2) names.add("step" + s);
        for (int s = 1000; s <= PYTHIA_LAST_STEP; s += 1000) names.add("step" + s);
        return names;
    }

    /** All revisions of {@code repo}, sorted by step; branches that the pattern does not parse are left out. */
    public List<Revision> revisions(String repo, RefLister refs) throws IOException {
        List<String> names = fromRefs() ? refs.branches(repo) : pythiaBranchNames();
        List<Revision> out = new ArrayList<>();
        for (String n : names) {
            Revision r = parse(n);
            if (r != null) out.add(r);
        }
        out.sort(null);
        return out;
    }

    /** Parses one branch name; null when it is not a step of this scheme (e.g. "main"). */
    public Revision parse(String name) {
        if (!fromRefs()) {
            Matcher m = PYTHIA.matcher(name);
            if (!m.matches()) return null;
            long step = Long.parseLong(m.group(1));
            return new Revision(name, step, step * tokensPerStep);
        }
        Matcher m = Pattern.compile(pattern).matcher(name);
        if (!m.matches()) return null;
        long step = Long.parseLong(m.group("step"));
        long tokens = -1;
        if (pattern.contains("(?<tokens>") && m.group("tokens") != null) {
            String unit = pattern.contains("(?<unit>") && m.group("unit") != null && !m.group("unit").isEmpty()
                    ? m.group("unit") : "B";
            tokens = Long.parseLong(m.group("tokens")) * unitScale(unit);
        }
        return new Revision(name, step, tokens);
    }

    /**
     * Step and tokens from any branch name that holds {@code stepN} and/or {@code tokensN[KMBT]} (e.g. an OLMo-2
     * stage-2 branch named explicitly); -1 for what it does not say.
     */
    public static Revision parseLoose(String name) {
        Matcher s = LOOSE_STEP.matcher(name);
        long step = s.find() ? Long.parseLong(s.group(1)) : -1;
        Matcher t = LOOSE_TOKENS.matcher(name);
        long tokens = -1;
        if (t.find()) tokens = Long.parseLong(t.group(1)) * unitScale(t.group(2));
        return new Revision(name, step, tokens);
    }

    private static long unitScale(String unit) {
        return switch (unit == null || unit.isEmpty() ? "B" : unit) {
            case "K" -> 1_000L;
            case "M" -> 1_000_000L;
            case "T" -> 1_000_000_000_000L;
            default -> 1_000_000_000L;
        };
    }

    private static final Pattern LOOSE_STEP = Pattern.compile("step(\\d+)");
    private static final Pattern LOOSE_TOKENS = Pattern.compile("tokens(\\d+)([KMBT]?)");
    private static final Pattern PYTHIA = Pattern.compile("step(\\d+)");
}
