package org.w2sg.hub;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A checkpoint ready to load: its folder (a cache snapshot or the user's own folder), where it came from (repo,
 * revision and commit; repo and commit are null for a local folder), its weight files, and their sha256.
 */
public record ResolvedCheckpoint(Path dir, String repo, String revision, String commit, List<String> weightFiles,
                                 Map<String, String> weightSha256) {
    public boolean isLocal() {
        return repo == null;
    }

    /** Equal for two checkpoints exactly when their weight files are byte-identical (see {@link RevisionDigest}). */
    public String weightsFingerprint() {
        return new RevisionDigest(revision, commit, weightSha256).fingerprint();
    }

    /** ORG/NAME@REVISION, or the folder for a local checkpoint. */
    public String label() {
        return isLocal() ? dir.toString() : repo + "@" + revision;
    }
}
