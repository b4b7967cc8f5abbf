package org.w2sg.weights;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.w2sg.hub.WeightFormat;

/** Broken files must fail with a WeightsException naming the file, the tensor where there is one, and the problem. */
class MalformedSafetensorsTest {
    @TempDir
    Path tmp;

    private Path file(String name, String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Path p = tmp.resolve(name);
        Files.write(p, b.array());
        return p;
    }

    private static void assertMessage(Executable open, String... parts) {
        WeightsException e = assertThrows(WeightsException.class, open);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message lacks '" + part + "': " + e.getMessage());
        }
    }

    @Test
    void truncatedData() throws IOException {
        Path p = tmp.resolve("model.safetensors");
        new SafetensorsWriter(DType.F16).add("w", new long[] {4, 4}, new float[16]).write(p);
        byte[] all = Files.readAllBytes(p);
        Files.write(p, Arrays.copyOf(all, all.length - 3));
        assertMessage(() -> SafetensorsStore.open(p), p.toString(), "'w'", "truncated");
    }

    @Test
    void truncatedHeader() throws IOException {
        Path p = file("model.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4);
        byte[] all = Files.readAllBytes(p);
        Files.write(p, Arrays.copyOf(all, 20));
        assertMessage(() -> SafetensorsStore.open(p), p.toString(), "truncated", "header");
        Files.write(p, new byte[] {1, 2, 3});
        assertMessage(() -> SafetensorsStore.open(p), p.toString(), "truncated", "3 bytes");
    }

    @Test
    void headerOffsetsPastTheEnd() throws IOException {
        Path p = file("lying.safetensors",
                "{\"ok\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                        + "\"liar\":{\"dtype\":\"F32\",\"shape\":[1000],\"data_offsets\":[8,4008]}}", 16);
        assertMessage(() -> SafetensorsStore.open(p), p.toString(), "'liar'", "4008", "16 bytes", "past the end");
    }

    @Test
    void offsetsThatDisagreeWithTheShape() throws IOException {
        Path p = file("model.safetensors", "{\"w\":{\"dtype\":\"BF16\",\"shape\":[3,3],\"data_offsets\":[0,16]}}", 16);
        assertMessage(() -> SafetensorsStore.open(p), p.toString(), "'w'", "16 bytes", "18 bytes");
    }

    @Test
    void unknownDtype() throws IOException {
        Path p = file("model.safetensors", "{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[4],\"data_offsets\":[0,4]}}", 4);
        assertMessage(() -> SafetensorsStore.open(p), p.toString(), "'w'", "F8_E4M3", "BF16");
    }

    @Test
    void absurdHeaderLength() throws IOException {
        Path p = tmp.resolve("huge.safetensors");
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putLong(0x7F00_0000_0000_0000L);
        Files.write(p, b.array());
        assertMessage(() -> SafetensorsStore.open(p), p.toString(), "header length", "absurd");
        ByteBuffer neg = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-5L);
        Files.write(p, neg.array());
        assertMessage(() -> SafetensorsStore.open(p), p.toString(), "absurd");
    }

    @Test
    void headerNotJson() throws IOException {
        Path p = file("model.safetensors", "{\"w\": [oops", 0);
        assertMessage(() -> SafetensorsStore.open(p), p.toString(), "not valid JSON");
    }

    @Test
    void integerTensorIsNotAWeight() throws IOException {
        Path p = file("model.safetensors", "{\"ids\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]}}", 16);
        try (SafetensorsStore s = SafetensorsStore.open(p)) {
            assertMessage(() -> s.float32("ids"), p.toString(), "'ids'", "I64");
        }
    }

    @Test
    void missingTensorSuggestsNames() throws IOException {
        Path p = tmp.resolve("model.safetensors");
        new SafetensorsWriter(DType.F32)
                .add("layers.0.attn.weight", new long[] {1}, new float[1])
                .add("layers.1.attn.weight", new long[] {1}, new float[1])
                .add("embed.weight", new long[] {1}, new float[1])
                .write(p);
        try (SafetensorsStore s = SafetensorsStore.open(p)) {
            assertMessage(() -> s.info("layers.0.attn.wieght"), p.toString(), "'layers.0.attn.wieght'",
                    "layers.0.attn.weight");
        }
    }

    @Test
    void missingShard() throws IOException {
        new SafetensorsWriter(DType.F32).add("a", new long[] {1}, new float[1])
                .write(tmp.resolve("model-00001-of-00002.safetensors"));
        Path index = tmp.resolve("model.safetensors.index.json");
        Files.writeString(index, "{\"metadata\":{},\"weight_map\":{\"a\":\"model-00001-of-00002.safetensors\","
                + "\"b\":\"model-00002-of-00002.safetensors\",\"c\":\"model-00002-of-00002.safetensors\"}}");
        assertMessage(() -> Weights.open(tmp, WeightFormat.AUTO), index.toString(),
                "model-00002-of-00002.safetensors", "'b'", "1 more", "does not exist");
    }

    @Test
    void shardLackingAMappedTensor() throws IOException {
        new SafetensorsWriter(DType.F32).add("a", new long[] {1}, new float[1])
                .write(tmp.resolve("model-00001-of-00001.safetensors"));
        Path index = tmp.resolve("model.safetensors.index.json");
        Files.writeString(index, "{\"weight_map\":{\"a\":\"model-00001-of-00001.safetensors\","
                + "\"ghost\":\"model-00001-of-00001.safetensors\"}}");
        assertMessage(() -> Weights.open(tmp, WeightFormat.SAFETENSORS), index.toString(), "'ghost'",
                "model-00001-of-00001.safetensors", "does not contain");
    }

    @Test
    void emptyFolder() {
        assertMessage(() -> Weights.open(tmp, WeightFormat.BIN), tmp.toString(), "pytorch_model.bin", "nothing");
    }
}
