package org.w2sg.run;

import java.util.Objects;

/**
 * What a run's numbers for one checkpoint were computed from: for a Hub model the repo and the commit its revision
 * resolved to, for a local folder a fingerprint of its weights and config (see
 * {@link org.w2sg.weights.SampledFingerprint}). A run folder records one per revision of the strong model and one for
 * the weak supervisor; a later process whose checkpoint differs is refused, so two models never share one table.
 *
 * @param role        {@code strong} or {@code weak}
 * @param revision    the revision's name
 * @param source      {@code hub} or {@code local}
 * @param repo        ORG/NAME on the Hub (null for a local folder)
 * @param commit      the commit the revision resolved to (null when not known yet: a Hub revision not in the cache)
 * @param fingerprint the local folder's sampled fingerprint (null for the Hub, whose commit names the files)
 * @param path        the local folder, for messages only (a moved folder with the same weights is the same checkpoint)
 */
public record CheckpointIdentity(String role, String revision, String source, String repo, String commit,
                                 String fingerprint, String path) {
    public static final String STRONG = "strong";
    public static final String WEAK = "weak";

    public static CheckpointIdentity hub(String role, String revision, String repo, String commit) {
        return new CheckpointIdentity(role, revision, "hub", repo, commit, null, null);
    }

    public static CheckpointIdentity local(String role, String revision, String fingerprint, String path) {
        return new CheckpointIdentity(role, revision, "local", null, null, fingerprint, path);
    }

    /**
     * The file name it is recorded under: one per strong revision, one per weak supervisor (whose {@code revision} is
     * the supervisor's description, e.g. pythia-70m@step143000:3, so two weak models at one step differ).
     */
    String key() {
        return role + "-" + CheckpointLog.safe(revision);
    }

    /** This identity under another revision name (a weak supervisor's: its description). */
    public CheckpointIdentity named(String name) {
        return new CheckpointIdentity(role, name, source, repo, commit, fingerprint, path);
    }

    /** Whether a recorded identity names something else; an unknown commit cannot differ (it is checked later). */
    public boolean differsFrom(CheckpointIdentity recorded) {
        if (!source.equals(recorded.source)) return true;
        if (source.equals("hub")) {
            return !Objects.equals(repo, recorded.repo)
                    || commit != null && recorded.commit != null && !commit.equals(recorded.commit);
        }
        return !Objects.equals(fingerprint, recorded.fingerprint);
    }

    /** e.g. "EleutherAI/pythia-410m at commit 1a2b3c4d5e6f" or "the local folder /x/step8 (weights ab12cd34ef56)". */
    public String describe() {
        if (source.equals("hub")) return repo + (commit == null ? "" : " at commit " + shorten(commit));
        return "the local folder " + path + " (weights fingerprint " + shorten(fingerprint) + ")";
    }

    private static String shorten(String hex) {
        return hex == null ? "unknown" : hex.substring(0, Math.min(12, hex.length()));
    }
}
