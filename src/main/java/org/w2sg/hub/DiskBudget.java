package org.w2sg.hub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.w2sg.errors.UserException;

/**
 * Keeps a sweep's disk use to about one or two revisions: once a revision's activations are stored, its weight blobs
 * go (config and tokenizer stay, so the snapshot still says what it was). A blob that another snapshot still links
 * (Pythia serves identical weights under several names) is only unlinked here, never deleted. Only the cache's own
 * blobs are deleted: a snapshot entry that links outside blobs/, a blob that is itself a link, or a folder replaced
 * by a link is never deleted through.
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
            if (cache.hasLinkedFolder(link.getParent()))
                throw new UserException("the cache folder " + link.getParent() + " (or one above it) is a symbolic link; "
                        + "the harness never deletes through a link in the cache: replace the link with a folder");
            Path blob = cache.blobOf(snapshot.repo(), snapshot.commit(), f);
            Files.deleteIfExists(link);
            if (blob != null && cache.linksTo(snapshot.repo(), blob).isEmpty()) {
                long size = Files.size(blob);
                Files.delete(blob);
                freed += size;
            }
        }
        return freed;
    }
}
