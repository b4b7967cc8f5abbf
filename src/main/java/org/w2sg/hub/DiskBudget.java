package org.w2sg.hub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps a sweep's disk use to about one or two revisions: once a revision's activations are stored, its weight blobs
 * go (config and tokenizer stay, so the snapshot still says what it was). A blob that another snapshot still links
 * (Pythia serves identical weights under several names) is only unlinked here, never deleted.
 */
public final class DiskBudget {
    private final HubCache cache;

    public DiskBudget(HubCache cache) {
        this.cache = cache;
    }

    /** Removes the weight files of {@code snapshot} from the cache; returns the bytes freed on disk. */
    public long releaseWeights(Snapshot snapshot) throws IOException {
        long freed = 0;
        for (String f : snapshot.weightFiles()) {
            Path link = cache.snapshotFile(snapshot.repo(), snapshot.commit(), f);
            Path blob = cache.blobOf(snapshot.repo(), snapshot.commit(), f);
            Files.deleteIfExists(link);
            if (blob != null && Files.exists(blob) && cache.linksTo(snapshot.repo(), blob).isEmpty()) {
                long size = Files.size(blob);
                Files.delete(blob);
                freed += size;
            }
        }
        return freed;
    }
}
