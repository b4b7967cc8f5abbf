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

    /**
     * Parameters in the transformer blocks (attention 4 h^2 + MLP 2 h i per layer, from the config), to compare a weak
     * supervisor's size with the strong model's; empty when the config is not at hand without a download.
     */
    default java.util.OptionalLong blockParameters() throws IOException {
        return java.util.OptionalLong.empty();
    }

    /** Attention and MLP weights of the blocks: 4 h^2 + 2 h i per layer (biases and norms are negligible). */
    static long blockParameters(long layers, long hidden, long intermediate) {
        return layers * (4 * hidden * hidden + 2 * hidden * intermediate);
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
