package org.w2sg.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.w2sg.registry.Revision;

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
