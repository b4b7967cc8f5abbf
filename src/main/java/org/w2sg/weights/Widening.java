package org.w2sg.weights;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.stream.LongStream;

/**
 * Float16 / bfloat16 / float32 (little-endian, as both file formats store them) to native float32. Kept as tight,
 * allocation-free loops over memory segments so a mapped file goes to the output buffer in one pass.
 */
public final class Widening {
    private Widening() {}

    private static final ValueLayout.OfShort LE_SHORT =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat LE_FLOAT =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat NATIVE_FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final boolean NATIVE_IS_LE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    /** IEEE 754 binary16 bits to float (exact: every half is a float). */
    public static float f16(short bits) {
        return Float.float16ToFloat(bits);
    }

    /** bfloat16 bits to float (exact: bf16 is the top half of a float32). */
    public static float bf16(short bits) {
        return Float.intBitsToFloat(bits << 16);
    }

    /**
     * Converts {@code count} little-endian elements of {@code type} starting at element {@code srcIndex} of
     * {@code src} into native float32 at element {@code dstIndex} of {@code dst}.
     */
    public static void toFloat32(DType type, MemorySegment src, long srcIndex, MemorySegment dst, long dstIndex,
                                 long count) {
        if (count < PARALLEL_MIN || !src.isAccessibleBy(ANY_THREAD) || !dst.isAccessibleBy(ANY_THREAD)) {
            serial(type, src, srcIndex, dst, dstIndex, count);
            return;
        }
        // Large tensors are split over the common pool: the first touch of fresh output pages and of the mapped
        // file dominates, and page faults on different cores proceed in parallel.
        long chunks = (count + CHUNK - 1) / CHUNK;
        LongStream.range(0, chunks).parallel().forEach(c -> {
            long start = c * CHUNK;
            serial(type, src, srcIndex + start, dst, dstIndex + start, Math.min(CHUNK, count - start));
        });
    }

    private static final long PARALLEL_MIN = 1L << 19;
    private static final long CHUNK = 1L << 18;
    /** A thread that owns nothing: segments it may access (shared, global, automatic) may be split over the pool. */
    private static final Thread ANY_THREAD = Thread.ofPlatform().unstarted(() -> {});

    private static void serial(DType type, MemorySegment src, long srcIndex, MemorySegment dst, long dstIndex,
                               long count) {
        switch (type) {
            case F32 -> {
                if (NATIVE_IS_LE) {
                    MemorySegment.copy(src, srcIndex * 4, dst, dstIndex * 4, count * 4);
                } else {
                    for (long i = 0; i < count; i++) {
                        dst.setAtIndex(NATIVE_FLOAT, dstIndex + i, src.getAtIndex(LE_FLOAT, srcIndex + i));
                    }
                }
            }
            case F16 -> halfLoop(src.asSlice(srcIndex * 2, count * 2), dst.asSlice(dstIndex * 4, count * 4), count);
            case BF16 -> bfloatLoop(src.asSlice(srcIndex * 2, count * 2), dst.asSlice(dstIndex * 4, count * 4), count);
            default -> throw new IllegalArgumentException(type + " does not widen to float32");
        }
    }

    private static void halfLoop(MemorySegment src, MemorySegment dst, long count) {
        for (long i = 0; i < count; i++) {
            dst.setAtIndex(NATIVE_FLOAT, i, Float.float16ToFloat(src.getAtIndex(LE_SHORT, i)));
        }
    }

    private static void bfloatLoop(MemorySegment src, MemorySegment dst, long count) {
        for (long i = 0; i < count; i++) {
            dst.setAtIndex(NATIVE_FLOAT, i, Float.intBitsToFloat(src.getAtIndex(LE_SHORT, i) << 16));
        }
    }
}
