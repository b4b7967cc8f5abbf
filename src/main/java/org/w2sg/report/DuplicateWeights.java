package org.w2sg.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.w2sg.run.CheckpointLog;

/**
 * Revisions of a run whose weights are byte-identical to another revision's (same weights fingerprint in the
 * checkpoint log): Pythia has branches that serve the final weights under an early step name, and such a row
 * measures the other checkpoint, not its step. Every member of such a group gets the flag
 * {@code duplicate_weights_of=OTHER} (several others joined with '+', in step order) on all its rows; which of them
 * is the real one the weights alone cannot tell (usually the latest step).
 */
public final class DuplicateWeights {
    public static final String FLAG = "duplicate_weights_of=";

    private DuplicateWeights() {}

    private record Checkpoint(String revision, long step, String fingerprint) {}

    /**
     * Revision name to its flag, for the revisions that have a byte-identical twin.
     *
     * @param checkpoints the run's checkpoint log ({@link org.w2sg.run.CheckpointLog#readAll}); records without a
     *                    weights fingerprint (weights never opened by this run) are left out
     */
    public static Map<String, String> flags(Map<String, Map<String, Object>> checkpoints) {
        Map<String, List<Checkpoint>> byPrint = new TreeMap<>();
        checkpoints.forEach((file, p) -> {
            if (!(p.get(CheckpointLog.WEIGHTS_FINGERPRINT) instanceof String print)) return;
            String revision = p.get("revision") instanceof String r ? r : file;
            long step = p.get("step") instanceof Number n ? n.longValue() : -1;
            byPrint.computeIfAbsent(print, k -> new ArrayList<>()).add(new Checkpoint(revision, step, print));
        });
        Map<String, String> out = new LinkedHashMap<>();
        for (List<Checkpoint> group : byPrint.values()) {
            if (group.size() < 2) continue;
            group.sort(Comparator.comparingLong(Checkpoint::step).thenComparing(Checkpoint::revision));
            for (Checkpoint c : group) {
                List<String> others = group.stream().filter(o -> o != c).map(Checkpoint::revision).toList();
                out.put(c.revision(), FLAG + String.join("+", others));
            }
        }
        return out;
    }

    /** {@code flags} with the revision's flag added (';'-separated, as in the tables). */
    static String with(String flags, String revisionFlag) {
        if (revisionFlag == null || revisionFlag.isEmpty()) return flags;
        return flags == null || flags.isEmpty() ? revisionFlag : flags + ";" + revisionFlag;
    }
}
