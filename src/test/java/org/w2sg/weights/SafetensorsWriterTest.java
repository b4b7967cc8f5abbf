package org.w2sg.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsWriterTest {
    @TempDir
    Path tmp;

    private static float[] randoms(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian() * 3f;
        return v;
    }

    @Test
    void roundTripAllStorageTypes() throws IOException {
        float[] a = randoms(3 * 70001, 1); // more than one write chunk
        float[] b = randoms(5, 2);
        float[] c = {1f, -2.5f, 65504f, 1e-8f, Float.POSITIVE_INFINITY, Float.NaN, -0f, 0.1f};
        float[] empty = {};
        Path file = tmp.resolve("model.safetensors");
        new SafetensorsWriter(DType.F32)
                .add("a", new long[] {3, 70001}, a)
                .add("b.f16", new long[] {5}, DType.F16, () -> b)
                .add("c.bf16", new long[] {2, 4}, DType.BF16, () -> c)
                .add("scalar", new long[] {}, new float[] {7f})
                .add("empty", new long[] {0, 4}, empty)
                .metadata("note", "test")
                .write(file);
        try (SafetensorsStore s = SafetensorsStore.open(file)) {
            assertEquals(java.util.List.of("a", "b.f16", "c.bf16", "scalar", "empty"), java.util.List.copyOf(s.names()));
            assertEquals("pt", s.metadata().get("format"));
            assertEquals("test", s.metadata().get("note"));
            assertArrayEquals(a, s.floats("a"));
            assertArrayEquals(new long[] {3, 70001}, s.info("a").shape());
            assertEquals(DType.F16, s.info("b.f16").dtype());
            float[] bBack = s.floats("b.f16");
            for (int i = 0; i < b.length; i++) assertEquals(Float.float16ToFloat(Float.floatToFloat16(b[i])), bBack[i]);
            float[] cBack = s.floats("c.bf16");
            // round to nearest even on the top 16 bits: 0.1f = 0x3DCCCCCD -> 0x3DCD
            assertEquals(0x3DCD0000, Float.floatToRawIntBits(cBack[7]));
            assertEquals(1f, cBack[0]);
            assertEquals(-2.5f, cBack[1]);
            assertEquals(65536f, cBack[2]); // 65504 is not a bf16; the nearest is 2^16
            assertEquals(Float.POSITIVE_INFINITY, cBack[4]);
            assertTrue(Float.isNaN(cBack[5]));
            assertEquals(0x80000000, Float.floatToRawIntBits(cBack[6]));
            assertEquals(7f, s.floats("scalar")[0]);
            assertEquals(0, s.floats("empty").length);
            assertEquals(3 * 70001 * 4 + 5 * 2 + 8 * 2 + 4, s.storedBytes());
        }
        // Layout as the reference implementation writes it: data starts 8-byte aligned after a space-padded header.
        byte[] raw = Files.readAllBytes(file);
        long headerLen = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLen % 8);
        assertEquals('{', raw[8]);
        try (var dir = Files.list(tmp)) {
            assertEquals(1, dir.count(), "no temp file left behind");
        }
    }

    @Test
    void wrongValueCountLeavesNoFile() {
        Path file = tmp.resolve("bad.safetensors");
        var w = new SafetensorsWriter(DType.F16).add("x", new long[] {2, 3}, new float[5]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.write(file));
        assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains("6 values") && e.getMessage().contains("5 values"),
                e.getMessage());
        assertFalse(Files.exists(file));
    }

    @Test
    void refusesDuplicateNamesAndIntegerTypes() {
        var w = new SafetensorsWriter(DType.F32).add("x", new long[] {1}, new float[1]);
        assertThrows(IllegalArgumentException.class, () -> w.add("x", new long[] {1}, new float[1]));
        assertThrows(IllegalArgumentException.class, () -> new SafetensorsWriter(DType.I64));
    }
}
