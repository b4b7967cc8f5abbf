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

    /**
     * Whether this sink takes hidden states packed ({@link #hiddenPacked}) instead of laid out as [batch, seq, hidden]:
     * the forward pass computes only real tokens, so a sink that pools them saves a scatter into the padded layout.
     */
    default boolean acceptsPacked() {
        return false;
    }

    /**
     * A hidden state as the forward pass holds it: [tokens, hidden], the batch's real tokens in {@code tokens}' order.
     * Called instead of {@link #hidden} when {@link #acceptsPacked()}; same ownership rules.
     */
    default void hiddenPacked(int index, NDArray value, PackedTokens tokens) {
        throw new UnsupportedOperationException("this sink takes hidden states laid out as [batch, seq, hidden]");
    }
}
