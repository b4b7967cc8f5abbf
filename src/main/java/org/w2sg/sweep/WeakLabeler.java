package org.w2sg.sweep;

import java.io.IOException;
import java.util.List;
import org.w2sg.probe.WeakPredictions;

/** Step 1 of the protocol: the weak supervisor's probabilities on B (the w2s training targets) and on T. */
public interface WeakLabeler extends AutoCloseable {
    /** One seed's B and T as the strong model's store entry lists them (ids and gold labels, in split order). */
    record Halves(String dataset, int seed, List<String> idsB, List<String> idsT, int[] goldB, int[] goldT) {}

    WeakPredictions label(Halves halves) throws IOException;

    /** e.g. {@code pythia-70m@step143000:3} or {@code noisy-gold:0.2}: part of the run's fingerprint. */
    String describe();

    @Override
    default void close() throws IOException {}
}
