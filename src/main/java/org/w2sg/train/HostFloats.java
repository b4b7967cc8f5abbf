package org.w2sg.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Reads and writes a float32 NDArray's values from Java. On the CPU, a contiguous array is read and written through a
 * view of its own native memory (no copy, and no autograd op: the optimizer's update must not be recorded); on a GPU
 * the values travel through host copies.
 */
final class HostFloats {
    private HostFloats() {}

    /** Copies the array's n values into the start of {@code into}. */
    static void read(NDArray a, float[] into, int n) {
        FloatBuffer view = view(a);
        if (view != null) {
            view.get(0, into, 0, n);
        } else {
            float[] copy = a.toFloatArray();
            System.arraycopy(copy, 0, into, 0, n);
        }
    }

    /** Sets the array's n values from the start of {@code values}. */
    static void write(NDArray a, float[] values, int n) {
        FloatBuffer view = view(a);
        if (view != null) {
            view.put(0, values, 0, n);
        } else {
            a.set(FloatBuffer.wrap(values, 0, n));
        }
    }

    static void zero(NDArray a) {
        java.nio.ByteBuffer bytes = a.getDevice().isGpu() ? null : a.toByteBuffer(true);
        if (bytes != null && isOwnMemory(a, bytes)) {
            MemorySegment.ofBuffer(bytes).fill((byte) 0);
        } else {
            a.subi(a);
        }
    }

    /** The array's own memory as floats, or null where DJL would hand out a copy (GPU, non-contiguous). */
    private static FloatBuffer view(NDArray a) {
        if (a.getDataType() != DataType.FLOAT32) throw new IllegalArgumentException("float32 expected, got " + a.getDataType());
        if (a.getDevice().isGpu()) return null;
        java.nio.ByteBuffer bytes = a.toByteBuffer(true);
        if (!isOwnMemory(a, bytes)) return null;
        return bytes.order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private static boolean isOwnMemory(NDArray a, java.nio.ByteBuffer bytes) {
        // DJL hands out the array's own memory only when it is contiguous, and a fresh copy otherwise
        return bytes.isDirect() && MemorySegment.ofBuffer(bytes).address() == MemorySegment.ofBuffer(a.toByteBuffer(true)).address();
    }
}
