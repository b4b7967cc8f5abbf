package org.w2sg.extract;

import ai.djl.ndarray.NDArray;
import org.w2sg.model.HiddenStateSink;

/**
 * Where an {@link Extractor}'s time goes, summed over the batches it ran: building padded batches in Java, the
 * forward pass itself, and pooling (the on-device gather or masked mean, the finiteness check and the copy of the
 * pooled rows to Java). For benchmarks; an extractor records into one only when given it.
 */
public final class ExtractionTimings {
    private long padNanos;
    private long forwardNanos;
    private long poolNanos;
    private int batches;
    private long realTokens;
    private long paddedTokens;

    public long padNanos() {
        return padNanos;
    }

    /** The forward pass without the pooling done inside it. */
    public long forwardNanos() {
        return forwardNanos;
    }

    public long poolNanos() {
        return poolNanos;
    }

    public int batches() {
        return batches;
    }

    public long realTokens() {
        return realTokens;
    }

    public long paddedTokens() {
        return paddedTokens;
    }

    synchronized void add(long pad, long forwardAndPool, long pool, long real, long padded) {
        padNanos += pad;
        forwardNanos += forwardAndPool - pool;
        poolNanos += pool;
        batches++;
        realTokens += real;
        paddedTokens += padded;
    }

    /** Wraps a batch's sink so the time spent inside it is known. */
    static final class TimedSink implements HiddenStateSink {
        private final HiddenStateSink inner;
        long nanos;

        TimedSink(HiddenStateSink inner) {
            this.inner = inner;
        }

        @Override
        public void hidden(int index, NDArray value) {
            long t = System.nanoTime();
            inner.hidden(index, value);
            nanos += System.nanoTime() - t;
        }

        @Override
        public void lastLayerPreNorm(NDArray value) {
            long t = System.nanoTime();
            inner.lastLayerPreNorm(value);
            nanos += System.nanoTime() - t;
        }

        @Override
        public void logits(NDArray value) {
            long t = System.nanoTime();
            inner.logits(value);
            nanos += System.nanoTime() - t;
        }
    }
}
