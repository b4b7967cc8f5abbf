package org.w2sg.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w2sg.hub.WeightFormat;

/**
 * The fixtures were written by transformers (torch.save for .bin, safetensors for the other): two independent
 * encoders of the same tensors, so equal bits after widening show both readers right.
 */
class TorchBinStoreTest {
    static List<String> cases() {
        return Fixtures.cases();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void binEqualsSafetensorsBitForBit(String c) {
        JsonNode meta = Fixtures.meta(c);
        JsonNode weights = meta.get("weights");
        Set<String> onlyInBin = new HashSet<>();
        meta.at("/verification/files/keys_only_in_bin").forEach(n -> onlyInBin.add(n.asText()));
        try (TensorStore bin = Weights.open(Fixtures.dir(c), WeightFormat.BIN);
             TensorStore st = Weights.open(Fixtures.dir(c), WeightFormat.SAFETENSORS)) {
            boolean sharded = meta.get("layout").asText().equals("sharded");
            assertEquals(sharded ? ShardedStore.class : TorchBinStore.class, bin.getClass());
            Set<String> expected = new HashSet<>(st.names());
            expected.addAll(onlyInBin);
            assertEquals(expected, bin.names());
            int compared = 0;
            for (String name : bin.names()) {
                TensorInfo b = bin.info(name);
                assertTrue(b.file().getFileName().toString().endsWith(".bin"));
                ByteBuffer bf = bin.float32(name);
                if (onlyInBin.contains(name)) {
                    // a tied head: the .bin stores it as a second view of the embedding's storage
                    assertEquals(storageDtype(meta), b.dtype());
                    assertTrue(st.names().stream().anyMatch(n -> java.util.Arrays.equals(st.info(n).shape(), b.shape())
                            && st.float32(n).equals(bf)), name + " equals no safetensors tensor");
                    continue;
                }
                JsonNode w = weights.get(name);
                assertEquals(w.get("dtype").asText(), b.dtype().name(), name);
                long[] shape = new long[w.get("shape").size()];
                for (int i = 0; i < shape.length; i++) shape[i] = w.get("shape").get(i).asLong();
                assertArrayEquals(shape, b.shape(), name);
                ByteBuffer sf = st.float32(name);
                assertEquals(sf.remaining(), bf.remaining(), name);
                for (int i = 0; i < sf.remaining(); i += 4) {
                    if (sf.getInt(i) != bf.getInt(i)) {
                        throw new AssertionError(c + " " + name + " differs at float " + i / 4 + ": "
                                + Integer.toHexString(sf.getInt(i)) + " vs " + Integer.toHexString(bf.getInt(i)));
                    }
                }
                compared++;
            }
            assertEquals(meta.at("/verification/files/tensors_bitwise_equal_safetensors_vs_bin").asInt(), compared);
        }
    }

    private static DType storageDtype(JsonNode meta) {
        return switch (meta.get("storage_dtype").asText()) {
            case "float16" -> DType.F16;
            case "bfloat16" -> DType.BF16;
            default -> DType.F32;
        };
    }
}
