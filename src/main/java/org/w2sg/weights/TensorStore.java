package org.w2sg.weights;

import java.nio.ByteBuffer;
import java.util.Set;

/**
 * A read-only, name-addressed collection of tensors from one checkpoint (one file or a sharded set). It knows nothing
 * about models. Implementations memory-map their files; values come back widened to float32.
 */
public interface TensorStore extends AutoCloseable {
    Set<String> names();

    /** @throws WeightsException naming the tensor and the files searched when absent */
    TensorInfo info(String name);

    default boolean contains(String name) {
        return names().contains(name);
    }

    /**
     * The tensor's values as float32 in C order, in a direct buffer of native byte order, ready for
     * {@code NDManager.create(buffer, shape, FLOAT32)}. The caller owns the buffer.
     */
    default ByteBuffer float32(String name) {
        ByteBuffer out = Float32Output.allocate(info(name));
        float32Into(name, out);
        return out.flip();
    }

    /**
     * Writes the tensor's values as float32 (C order, native byte order) into {@code dst} at its position and
     * advances the position past them: no intermediate buffer, e.g. for stacking several projections into one.
     *
     * @throws IllegalArgumentException when {@code dst} is read-only or has fewer than numel * 4 bytes remaining
     */
    void float32Into(String name, ByteBuffer dst);

    default float[] floats(String name) {
        ByteBuffer b = float32(name);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }

    /**
     * Drops the file pages holding this tensor from the process's resident memory once its values have been read
     * (they stay in the operating system's page cache, so a later read is still fast). Without it, reading every
     * tensor of a memory-mapped checkpoint once leaves the whole file counted in the process's resident set, which
     * defeats layer streaming. A no-op where the data is not memory-mapped.
     */
    default void release(String name) {}

    /** Total bytes of tensor data in the files as stored (before widening). */
    long storedBytes();

    @Override
    void close();
}
