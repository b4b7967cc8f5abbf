package org.w2sg.model;

import ai.djl.ndarray.NDArray;

/**
 * Receives each requested output as soon as the forward pass computes it. The array, shape [batch, seq, hidden]
 * (logits: [batch, seq, vocab]), belongs to the batch's NDManager and is freed when the batch ends: copy or pool what
 * you need inside the call.
 */
public interface HiddenStateSink {
    /** index follows {@link HiddenRequest}: 0 = embeddings ... L = after the final norm. */
    void hidden(int index, NDArray value);

    default void lastLayerPreNorm(NDArray value) {}

    default void logits(NDArray value) {}
}
