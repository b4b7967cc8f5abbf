package org.w2sg.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.w2sg.hub.WeightFormat;

class SafetensorsStoreTest {
    static java.util.List<String> cases() {
        return Fixtures.cases();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void namesDtypesAndShapesMatchMeta(String c) {
        JsonNode weights = Fixtures.meta(c).get("weights");
        try (TensorStore store = Weights.open(Fixtures.dir(c), WeightFormat.SAFETENSORS)) {
            boolean sharded = Fixtures.meta(c).get("layout").asText().equals("sharded");
            assertEquals(sharded ? ShardedStore.class : SafetensorsStore.class, store.getClass());
            Set<String> expected = new HashSet<>();
            weights.fieldNames().forEachRemaining(expected::add);
            assertEquals(expected, store.names());
            long total = 0;
            for (String name : store.names()) {
                JsonNode w = weights.get(name);
                TensorInfo info = store.info(name);
                assertEquals(w.get("dtype").asText(), info.dtype().name(), name);
                long[] shape = new long[w.get("shape").size()];
                for (int i = 0; i < shape.length; i++) shape[i] = w.get("shape").get(i).asLong();
                assertArrayEquals(shape, info.shape(), name);
                assertEquals(w.get("file").asText(), info.file().getFileName().toString(), name);
                ByteBuffer b = store.float32(name);
                assertTrue(b.isDirect());
                assertEquals(ByteOrder.nativeOrder(), b.order());
                assertEquals(info.numel() * 4, b.remaining(), name);
                total += info.numel() * info.dtype().bytes;
            }
            assertEquals(total, store.storedBytes());
            // meta's total counts the model's parameters; a tied head is stored once in safetensors, twice in .bin
            if (Fixtures.meta(c).at("/verification/files/keys_only_in_bin").isEmpty()) {
                assertEquals(Fixtures.meta(c).get("weights_total_bytes_in_storage_dtype").asLong(), total);
            }
        }
    }

    /** First values of the embedding, as numpy decodes them from the same files (independent parser). */
    @ParameterizedTest
    @CsvSource({
            "gpt_neox_pythia, gpt_neox.embed_in.weight, 0x3f56a000, 0xbee66000, 0xbf0fc000, 0xbfa04000",
            "olmo2, model.embed_tokens.weight, 0x3d2a0000, 0xbfed0000, 0x3fa90000, 0xbeed0000",
            "olmo_clip_qkv, model.embed_tokens.weight, 0x3f557d6e, 0xbed384d7, 0x3e7dfd14, 0xbf6fd033"})
    void valuesMatchNumpy(String c, String name, String a, String b, String d, String e) {
        try (TensorStore store = Weights.open(Fixtures.dir(c), WeightFormat.SAFETENSORS)) {
            float[] v = store.floats(name);
            String[] want = {a, b, d, e};
            for (int i = 0; i < 4; i++) {
                assertEquals(Integer.parseUnsignedInt(want[i].substring(2), 16), Float.floatToRawIntBits(v[i]), name + "[" + i + "]");
            }
        }
    }

    /** A sparse file with a tensor past the 2 GiB mark: the mapping reaches it; a > 2 GiB float32 copy is refused. */
    @Test
    void filesOverTwoGibibytes(@TempDir Path tmp) throws IOException {
        long big = 1_200_000_000L; // F16 elements: 2.4 GB of data before the tail tensor
        String header = "{\"big\":{\"dtype\":\"F16\",\"shape\":[" + big + "],\"data_offsets\":[0," + 2 * big + "]},"
                + "\"tail\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[" + 2 * big + "," + (2 * big + 16) + "]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        Path file = tmp.resolve("model.safetensors");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, h.length));
            ch.write(ByteBuffer.wrap(h));
            ByteBuffer tail = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2f)
                    .putFloat(3.25f).putFloat(1e-3f).flip();
            ch.write(tail, 8 + h.length + 2 * big); // everything before is a hole
        }
        try (TensorStore s = Weights.open(tmp)) {
            assertArrayEquals(new float[] {1.5f, -2f, 3.25f, 1e-3f}, s.floats("tail"));
            assertEquals(big, s.info("big").numel());
            WeightsException e = assertThrows(WeightsException.class, () -> s.float32("big"));
            assertTrue(e.getMessage().contains("'big'") && e.getMessage().contains("2 GiB"), e.getMessage());
        }
    }
}
