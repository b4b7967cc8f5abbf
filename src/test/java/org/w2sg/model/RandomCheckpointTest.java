package org.w2sg.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w2sg.tools.RandomCheckpoint;
import org.w2sg.weights.DType;
import org.w2sg.weights.TensorStore;
import org.w2sg.hub.WeightFormat;
import org.w2sg.weights.Weights;

class RandomCheckpointTest {
    static Map<String, Object> tinyNeoX() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("architectures", List.of("GPTNeoXForCausalLM"));
        c.put("model_type", "gpt_neox");
        c.put("hidden_size", 64);
        c.put("num_hidden_layers", 2);
        c.put("num_attention_heads", 4);
        c.put("intermediate_size", 256);
        c.put("rotary_pct", 0.25);
        c.put("vocab_size", 128);
        c.put("use_parallel_residual", true);
        c.put("tie_word_embeddings", false);
        return c;
    }

    @Test
    void roundTripLoadsAndRuns(@TempDir Path dir) throws IOException {
        RandomCheckpoint.write(tinyNeoX(), dir, 7, DType.F32, null);
        try (TensorStore store = Weights.open(dir, WeightFormat.SAFETENSORS)) {
            float[] embed = store.floats("gpt_neox.embed_in.weight");
            double sum = 0;
            double sq = 0;
            for (float v : embed) {
                sum += v;
                sq += v * v;
            }
            double mean = sum / embed.length;
            double std = Math.sqrt(sq / embed.length - mean * mean);
            assertEquals(0.02, std, 0.001, "embedding std");
            assertEquals(0, mean, 0.001, "embedding mean");
            for (float v : store.floats("gpt_neox.layers.1.input_layernorm.weight")) assertEquals(1f, v);
            for (float v : store.floats("gpt_neox.layers.1.mlp.dense_h_to_4h.bias")) assertEquals(0f, v);

            try (DecoderStack model = Models.load(dir, ModelOptions.cpu())) {
                long expectedNonEmbedding = store.names().stream()
                        .filter(n -> !n.equals("gpt_neox.embed_in.weight") && !n.equals("embed_out.weight"))
                        .mapToLong(n -> store.info(n).numel()).sum();
                assertEquals(expectedNonEmbedding, model.spec().nonEmbeddingParameters());
                TokenBatch batch = TokenBatch.leftPadded(new int[][] {{5, 9, 127, 3}, {0, 1}}, 0);
                CollectedOutputs out = new CollectedOutputs();
                model.forward(batch, HiddenRequest.all(2, true), out);
                // hidden_0 is the embedding lookup itself
                float[] h0 = out.hidden().get(0).values();
                for (int t = 0; t < 4; t++) {
                    long id = batch.inputIds()[t];
                    for (int j = 0; j < 64; j++) assertEquals(embed[(int) id * 64 + j], h0[t * 64 + j]);
                }
                for (float v : out.logits().values()) assertTrue(Float.isFinite(v));
                assertArrayEquals(new long[] {2, 4, 128}, out.logits().shape());
            }
        }
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherBytes(@TempDir Path dir) throws IOException {
        RandomCheckpoint.write(tinyNeoX(), dir.resolve("a"), 1, DType.F16, null);
        RandomCheckpoint.write(tinyNeoX(), dir.resolve("b"), 1, DType.F16, null);
        RandomCheckpoint.write(tinyNeoX(), dir.resolve("c"), 2, DType.F16, null);
        byte[] a = Files.readAllBytes(dir.resolve("a/model.safetensors"));
        assertArrayEquals(a, Files.readAllBytes(dir.resolve("b/model.safetensors")));
        assertFalse(java.util.Arrays.equals(a, Files.readAllBytes(dir.resolve("c/model.safetensors"))));
        assertTrue(Files.readString(dir.resolve("a/config.json")).contains("\"torch_dtype\" : \"float16\""));
    }

    /** The tensor lists random checkpoints are written from are exactly the state dicts transformers saved. */
    @Test
    void tensorListsMatchTransformersStateDicts() {
        for (String fixture : ReferenceForwardTest.CASES) {
            Path dir = ReferenceForwardTest.FIXTURES.resolve(fixture);
            HfConfig config = HfConfig.read(dir);
            try (TensorStore store = Weights.open(dir, WeightFormat.SAFETENSORS)) {
                List<TensorSpec> specs = Models.tensors(config);
                Set<String> expected = new TreeSet<>(store.names());
                Set<String> listed = specs.stream().map(TensorSpec::name).collect(Collectors.toCollection(TreeSet::new));
                assertEquals(expected, listed, fixture);
                for (TensorSpec t : specs) assertArrayEquals(store.info(t.name()).shape(), t.shape(), fixture + " " + t.name());
            }
        }
    }
}
