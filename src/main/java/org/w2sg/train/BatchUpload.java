package org.w2sg.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Two reusable direct buffers through which a batch's ids and targets reach libtorch. DJL copies a Java array into a
 * fresh direct buffer that only a garbage collection frees, so creating them per step grew the C heap between
 * collections; on the CPU the tensors wrap these buffers without a copy, so they are valid until the next upload, and
 * a step's tensors die with its step.
 */
final class BatchUpload {
    private ByteBuffer inputs = ByteBuffer.allocateDirect(0);
    private ByteBuffer targets = ByteBuffer.allocateDirect(0);

    /** The batch's [rows, seq] int64 ids and targets as arrays of {@code m}. */
    NDArray[] upload(Batch batch, NDManager m) {
        inputs = fill(inputs, batch.inputs());
        targets = fill(targets, batch.targets());
        Shape shape = new Shape(batch.rows(), batch.seq());
        return new NDArray[] {m.create(inputs, shape, DataType.INT64), m.create(targets, shape, DataType.INT64)};
    }

    private static ByteBuffer fill(ByteBuffer buffer, long[] values) {
        int bytes = values.length * Long.BYTES;
        if (buffer.capacity() < bytes) buffer = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
        buffer.clear();
        buffer.asLongBuffer().put(values);
        return buffer.limit(bytes);
    }
}
