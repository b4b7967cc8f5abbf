package org.w2sg.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w2sg.hub.WeightFormat;

class Float32IntoTest {
    /** q, k, v of layer 0 written one after another into one buffer equal the three float32() results concatenated. */
    @ParameterizedTest
    @EnumSource(value = WeightFormat.class, names = {"SAFETENSORS", "BIN"})
    void stacksProjectionsWithoutIntermediateBuffers(WeightFormat format) {
        String[] names = {"model.layers.0.self_attn.q_proj.weight", "model.layers.0.self_attn.k_proj.weight",
                "model.layers.0.self_attn.v_proj.weight"};
        try (TensorStore s = Weights.open(Fixtures.dir("olmo2_gqa"), format)) {
            long total = 0;
            for (String n : names) total += s.info(n).numel();
            ByteBuffer all = ByteBuffer.allocateDirect((int) (total * 4 + 8)).order(ByteOrder.nativeOrder());
            all.position(8); // writes start at the position
            for (String n : names) s.float32Into(n, all);
            assertEquals(all.capacity(), all.position());
            all.position(8);
            for (String n : names) {
                float[] want = s.floats(n);
                float[] got = new float[want.length];
                all.asFloatBuffer().get(got);
                all.position(all.position() + want.length * 4);
                assertArrayEquals(want, got, n);
            }
            ByteBuffer small = ByteBuffer.allocate(16);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.float32Into(names[0], small));
            assertEquals(true, e.getMessage().contains(names[0]), e.getMessage());
        }
    }

    /**
     * Above the parallel threshold the chunked conversion must still put every element in its place (shared memory,
     * split over the pool); memory confined to this thread must be converted here, not on the pool.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void largeConversionsSplitIntoChunksStayExact(boolean shared) {
        int n = (1 << 22) + 12345;
        Random r = new Random(5);
        try (Arena arena = shared ? Arena.ofShared() : Arena.ofConfined()) {
            MemorySegment src = arena.allocate(2L * n);
            for (int i = 0; i < n; i++) src.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i, (short) r.nextInt());
            MemorySegment dst = arena.allocate(4L * n);
            Widening.toFloat32(DType.F16, src, 0, dst, 0, n);
            for (int i = 0; i < n; i += 997) {
                short h = src.getAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), i);
                assertEquals(Float.floatToRawIntBits(Float.float16ToFloat(h)),
                        dst.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i), "element " + i);
            }
            short last = src.getAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), n - 1);
            assertEquals(Float.floatToRawIntBits(Float.float16ToFloat(last)), dst.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, n - 1));
        }
    }
}
