package org.w2sg.sweep;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.w2sg.registry.Revision;
import org.w2sg.run.UnitResult;

/**
 * The science behind the runner: what turns a revision of the strong model into finished units. The runner owns the
 * bookkeeping (plan, ledger, locks, progress); an engine owns checkpoints, activations and probes.
 */
public interface UnitEngine extends AutoCloseable {
    /** Makes one revision ready (resolve, download, load or read cached activations) for the given units. */
    Checkpoint open(Revision revision, List<Unit> units) throws IOException;

    /** The revisions the runner is about to open, in order. */
    default void upcoming(List<Revision> order) {}

    @Override
    default void close() throws IOException {}

    /** One revision of the strong model, open for its units. */
    interface Checkpoint extends AutoCloseable {
        UnitResult run(Unit unit) throws IOException;

        /** What identifies the checkpoint's weights (commit, file hashes) for run.json. */
        Map<String, Object> provenance();

        /** Releases the model and, unless weights are kept, its downloaded files. */
        @Override
        void close() throws IOException;
    }
}
