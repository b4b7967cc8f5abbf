package org.w2sg.weights;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The direct, native-order float32 buffer a store hands out, with a clear error where a ByteBuffer cannot hold it. */
final class Float32Output {
    private Float32Output() {}

    static void checkType(TensorInfo info) {
        if (!info.dtype().widensToFloat32()) {
            throw new WeightsException(info.file() + ": tensor '" + info.name() + "' has dtype " + info.dtype()
                    + "; only F32, F16 and BF16 tensors can be read as float32 weights");
        }
    }

    static ByteBuffer allocate(TensorInfo info) {
        checkType(info);
        long bytes = info.numel() * 4;
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new WeightsException(info.file() + ": tensor '" + info.name() + "' needs " + bytes
                    + " bytes as float32, more than one Java buffer can hold (2 GiB)");
        }
        return ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.nativeOrder());
    }

    /** The {@code numel * 4} bytes at the buffer's position, as a segment to convert into. */
    static MemorySegment target(TensorInfo info, ByteBuffer dst) {
        long bytes = info.numel() * 4;
        if (dst.isReadOnly() || dst.remaining() < bytes) {
            throw new IllegalArgumentException("tensor '" + info.name() + "' needs " + bytes + " writable bytes; the "
                    + "buffer has " + dst.remaining() + (dst.isReadOnly() ? " and is read-only" : ""));
        }
        return MemorySegment.ofBuffer(dst).asSlice(0, bytes);
    }

    static void advance(TensorInfo info, ByteBuffer dst) {
        dst.position(Math.toIntExact(dst.position() + info.numel() * 4));
    }
}
