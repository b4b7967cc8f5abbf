package org.w2sg.sweep;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.w2sg.errors.UserException;
import org.w2sg.registry.Revision;
import org.w2sg.run.CheckpointIdentity;

/**
 * The checks a sweep makes before it touches the run folder, so that what would fail at revision 40 or in the weak
 * supervisor fails now, all of it in one message: every checkpoint the run needs is available (offline: in the cache),
 * every local checkpoint is readable (config.json parses, weight headers agree with the file sizes, tokenizer.json is
 * there), every dataset loads. What it returns, the identity of each checkpoint, is what the run folder is bound to.
 */
public final class Preflight {
    private Preflight() {}

    /**
     * @param strong    the strong model and the revisions the run needs
     * @param weak      the weak supervisors (a checkpoint, or label noise: nothing to check)
     * @param datasets  each dataset's problem (null when it loads), e.g. a file missing offline
     * @param fetch     the one command that fetches what is missing, from the strong revisions, the weak supervisors
     *                  (null when none is missing) and the datasets that failed
     * @return the identity of every checkpoint the run uses, strong revisions first, then the weak supervisors' (each
     *         named by its description)
     */
    public static List<CheckpointIdentity> check(CheckpointSource strong, List<Revision> revisions,
                                                 List<WeakChoice> weak,
                                                 List<String> datasets, Function<String, String> datasetProblem,
                                                 Fetch fetch) throws IOException {
        List<String> missingStrong = new ArrayList<>();
        List<String> missingWeaks = new ArrayList<>();
        List<String> broken = new ArrayList<>();
        for (Revision r : revisions) {
            Optional<String> gone = strong.unavailable(r);
            if (gone.isPresent()) missingStrong.add(r.name());
            else for (String p : strong.problems(r)) broken.add(strong.model() + "@" + r.name() + ": " + p);
        }
        for (WeakChoice choice : weak) {
            if (!(choice instanceof WeakChoice.GoldProbe w)) continue;
            Optional<String> gone = w.source().unavailable(w.revision());
            if (gone.isPresent()) missingWeaks.add(w.source().model() + "@" + w.revision().name());
            else for (String p : w.source().problems(w.revision())) broken.add("weak supervisor " + p);
        }
        String missingWeak = missingWeaks.isEmpty() ? null : String.join(",", missingWeaks);
        Map<String, String> badData = new LinkedHashMap<>();
        for (String d : datasets) {
            String p = datasetProblem.apply(d);
            if (p != null) badData.put(d, p);
        }
        List<String> parts = new ArrayList<>();
        if (!missingStrong.isEmpty() || missingWeak != null) {
            List<String> names = new ArrayList<>();
            if (!missingStrong.isEmpty()) names.add(strong.model() + "@" + String.join(",", missingStrong));
            if (missingWeak != null) names.add(missingWeak + " (the weak supervisor" + (missingWeaks.size() > 1 ? "s" : "") + ")");
            parts.add((missingStrong.size() + missingWeaks.size()) + " checkpoint(s) not in the Hugging Face "
                    + "cache: " + String.join("; ", names));
        }
        badData.forEach((d, p) -> parts.add("dataset " + d + ": " + p));
        if (!broken.isEmpty()) {
            parts.add(broken.size() + " problem(s) in local checkpoints: " + String.join("; ", broken)
                    + " (fix or replace those folders, or leave them out with --steps)");
        }
        if (!parts.isEmpty()) {
            String command = missingStrong.isEmpty() && missingWeak == null && badData.isEmpty() ? null
                    : fetch.command(missingStrong, missingWeak, List.copyOf(badData.keySet()));
            throw new UserException("this run cannot start: " + String.join(". ", parts)
                    + (command == null ? "" : ". Fetch what is missing in one go where the Hub is reachable: " + command));
        }
        List<CheckpointIdentity> ids = new ArrayList<>();
        for (Revision r : revisions) ids.add(strong.identity(CheckpointIdentity.STRONG, r));
        for (WeakChoice choice : weak) {
            if (choice instanceof WeakChoice.GoldProbe w) ids.add(w.identity());
        }
        return ids;
    }

    /** Builds the command that fetches what is missing. */
    @FunctionalInterface
    public interface Fetch {
        String command(List<String> strongRevisions, String weak, List<String> datasets);
    }
}
