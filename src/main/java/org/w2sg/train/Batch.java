package org.w2sg.train;

/** One optimizer step's sequences: {@code rows} x {@code seq} input ids and the next-token targets, row-major. */
public record Batch(long[] inputs, long[] targets, int rows, int seq) {
    public Batch {
        if (inputs.length != (long) rows * seq || targets.length != inputs.length) {
            throw new IllegalArgumentException("batch of " + rows + " x " + seq + " needs " + rows * seq + " ids");
        }
    }

    public long tokens() {
        return (long) rows * seq;
    }
}
