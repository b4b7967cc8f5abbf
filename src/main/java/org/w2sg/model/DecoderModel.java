package org.w2sg.model;

/** A decoder-only transformer loaded from a checkpoint, ready to run batches on one device. */
public interface DecoderModel extends AutoCloseable {
    ModelSpec spec();

    /**
     * Runs one batch. Every NDArray it creates lives in a per-batch sub-manager that is closed before returning,
     * so native memory does not grow across batches.
     */
    void forward(TokenBatch batch, HiddenRequest request, HiddenStateSink sink);

    @Override
    void close();
}
