package org.w2sg.model;

import ai.djl.ndarray.NDArray;

/**
 * One decoder layer holding its own weights. Blocks can be built on demand and closed after use, so a checkpoint can
 * run one layer at a time (layer streaming) as well as with every layer resident.
 */
public interface DecoderLayer extends AutoCloseable {
    /** hidden [tokens, hidden] in (a batch's real tokens, packed as the context says), the same shape out; the input is left unchanged. */
    NDArray forward(NDArray hidden, AttentionContext context);

    /** Releases this block's weights. */
    @Override
    void close();
}
