package org.w2sg.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.w2sg.registry.Revision;
import org.w2sg.run.CheckpointIdentity;

/** Where a model's checkpoints come from: the Hub (an alias or ORG/NAME) or a local folder of revisions. */
public interface CheckpointSource {
    /** The model's name as the tables show it. */
    String model();

    /** Every revision, in step order. */
    List<Revision> revisions() throws IOException;

    /** Number of transformer blocks (hidden states run 0..L). */
    int numLayers() throws IOException;

    /** The revisions about to be opened, in order (a Hub source downloads the next one while one computes). */
    default void upcoming(List<Revision> order) {}

    /**
     * What the revision's numbers would be computed from, cheaply (no download, no full hash): the run folder is
     * bound to it. {@code role} is {@link CheckpointIdentity#STRONG} or {@link CheckpointIdentity#WEAK}.
     */
    CheckpointIdentity identity(String role, Revision revision) throws IOException;

    /**
     * Offline, the revision when the cache cannot supply it (e.g. "EleutherAI/pythia-410m@step0"); empty when it can
     * be opened (or downloaded).
     */
    default Optional<String> unavailable(Revision revision) throws IOException {
        return Optional.empty();
    }

    /**
     * Cheap checks of a revision that is on disk (config.json parses, the weight headers agree with the file sizes,
     * tokenizer.json is there): what is wrong, one line each; empty when nothing is.
     */
    default List<String> problems(Revision revision) {
        return List.of();
    }

    /** Makes the revision's files available locally (downloading when needed). */
    Opened open(Revision revision) throws IOException;

    /** A checkpoint folder in Hugging Face format, held until closed. */
    interface Opened extends AutoCloseable {
        Path dir();

        /** Commit, weight-file hashes and {@link org.w2sg.run.CheckpointLog#WEIGHTS_FINGERPRINT}, for run.json. */
        Map<String, Object> provenance();

        /** Gives the files back (a Hub source deletes downloaded weights unless asked to keep them). */
        @Override
        void close() throws IOException;
    }
}
