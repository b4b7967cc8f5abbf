package org.w2sg.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WideningTest {
    /** Bit patterns from the IEEE 754 binary16 definition. */
    @ParameterizedTest
    @CsvSource({
            "0x3C00, 1.0",
            "0xBC00, -1.0",
            "0x0000, 0.0",
            "0x4000, 2.0",
            "0x3555, 0.333251953125",
            "0x7BFF, 65504.0",             // largest finite half
            "0x0400, 6.103515625E-5",      // smallest normal, 2^-14
            "0x0001, 5.9604644775390625E-8", // smallest subnormal, 2^-24
            "0x03FF, 6.097555160522461E-5",  // largest subnormal, 1023 * 2^-24
            "0x7C00, Infinity",
            "0xFC00, -Infinity"})
    void float16(String bits, float expected) {
        short s = (short) Integer.parseInt(bits.substring(2), 16);
        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(Widening.f16(s)), bits);
    }

    @Test
    void float16SignedZeroAndNan() {
        assertEquals(0x80000000, Float.floatToRawIntBits(Widening.f16((short) 0x8000)));
        assertTrue(Float.isNaN(Widening.f16((short) 0x7E00)));
        assertTrue(Float.isNaN(Widening.f16((short) 0x7C01)));
    }

    /** bfloat16 is the top 16 bits of a float32. */
    @ParameterizedTest
    @CsvSource({
            "0x3F80, 1.0",
            "0xBF80, -1.0",
            "0x4049, 3.140625",
            "0x0001, 9.183549615799121E-41", // smallest bf16 subnormal, 2^-133
            "0x0080, 1.1754943508222875E-38", // smallest normal, 2^-126
            "0x7F7F, 3.3895313892515355E38", // largest finite
            "0x7F80, Infinity",
            "0xFF80, -Infinity"})
    void bfloat16(String bits, float expected) {
        short s = (short) Integer.parseInt(bits.substring(2), 16);
        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(Widening.bf16(s)), bits);
    }

    @Test
    void bfloat16NanAndSignedZero() {
        assertTrue(Float.isNaN(Widening.bf16((short) 0x7FC0)));
        assertEquals(0x80000000, Float.floatToRawIntBits(Widening.bf16((short) 0x8000)));
    }

    /** The bulk loop agrees with the scalar definition on every one of the 65536 patterns, at an odd offset. */
    @Test
    void bulkLoopsCoverAllPatterns() {
        try (Arena arena = Arena.ofConfined()) {
            int n = 1 << 16;
            MemorySegment src = arena.allocate(2L * n + 2);
            for (int i = 0; i < n; i++) {
                src.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 2 + 2L * i, (short) i);
            }
            MemorySegment dst = arena.allocate(4L * n + 4);
            Widening.toFloat32(DType.F16, src, 1, dst, 1, n);
            for (int i = 0; i < n; i++) {
                assertEquals(Float.floatToRawIntBits(Float.float16ToFloat((short) i)),
                        dst.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, 1 + i), "f16 " + i);
            }
            Widening.toFloat32(DType.BF16, src, 1, dst, 1, n);
            for (int i = 0; i < n; i++) {
                assertEquals(i << 16, dst.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, 1 + i), "bf16 " + i);
            }
        }
    }
}
