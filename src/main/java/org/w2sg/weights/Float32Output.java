package org.w2sg.weights;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The direct, native-order float32 buffer a store hands out, with a clear error where a ByteBuffer cannot hold it. */
final class Float32Output {
    private Float32Output() {}

    static ByteBuffer allocate(TensorInfo info) {
        if (!info.dtype().widensToFloat32()) {
            throw new WeightsException(info.file() + ": tensor '" + info.name() + "' has dtype " + info.dtype()
                    + "; only F32, F16 and BF16 tensors can be read as float32 weights");
        }
        long bytes = info.numel() * 4;
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new WeightsException(info.file() + ": tensor '" + info.name() + "' needs " + bytes
                    + " bytes as float32, more than one Java buffer can hold (2 GiB)");
        }
        return ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.nativeOrder());
    }

    static MemorySegment segment(ByteBuffer buffer) {
        return MemorySegment.ofBuffer(buffer);
    }
}
