package org.w2sg.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.BaseNDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w2sg.hub.WeightFormat;
import org.w2sg.tools.ReferenceInputs;

/** What a forward pass computes for a partial request, and what it refuses. */
class HiddenRequestTest {
    static DecoderStack model;
    static TokenBatch batch;

    @BeforeAll
    static void load() throws IOException {
        Path dir = ReferenceForwardTest.FIXTURES.resolve("olmo2_gqa");
        model = Models.load(dir, new ModelOptions("cpu", "float32", WeightFormat.SAFETENSORS));
        batch = ReferenceInputs.read(dir.resolve("inputs.json"), "left_padded");
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void onlyHiddenOneRunsOneLayerAndGivesTheSameNumbers() {
        CollectedOutputs full = new CollectedOutputs();
        model.forward(batch, HiddenRequest.all(model.spec().numLayers(), false), full);

        long before = model.layerCalls();
        CollectedOutputs partial = new CollectedOutputs();
        model.forward(batch, new HiddenRequest(new TreeSet<>(Set.of(1)), false, false), partial);

        assertEquals(1, model.layerCalls() - before, "layers run for hidden index 1");
        assertEquals(Set.of(1), partial.hidden().keySet());
        assertNull(partial.lastLayerPreNorm());
        assertNull(partial.logits());
        assertArrayEquals(full.hidden().get(1).values(), partial.hidden().get(1).values());
    }

    @Test
    void streamingLayersGivesIdenticalOutputs() {
        Path dir = ReferenceForwardTest.FIXTURES.resolve("olmo2_gqa");
        CollectedOutputs resident = new CollectedOutputs();
        model.forward(batch, HiddenRequest.all(model.spec().numLayers(), true), resident);
        try (DecoderStack streaming = Models.load(dir, ModelOptions.cpu().withStreamLayers(true))) {
            assertTrue(streaming.streaming());
            CollectedOutputs streamed = new CollectedOutputs();
            streaming.forward(batch, HiddenRequest.all(streaming.spec().numLayers(), true), streamed);
            for (int i = 0; i <= model.spec().numLayers(); i++) {
                assertArrayEquals(resident.hidden().get(i).values(), streamed.hidden().get(i).values(), "hidden " + i);
            }
            assertArrayEquals(resident.logits().values(), streamed.logits().values());
            // each streamed layer's weights were released: only embeddings and the final norm stay resident
            int residentArrays = ((BaseNDManager) streaming.manager).getManagedArrays().size();
            assertTrue(residentArrays <= 4, "arrays still held: " + residentArrays);
        }
    }

    @Test
    void embeddingsOnlyRunsNoLayer() {
        long before = model.layerCalls();
        CollectedOutputs out = new CollectedOutputs();
        model.forward(batch, new HiddenRequest(new TreeSet<>(Set.of(0)), false, false), out);
        assertEquals(0, model.layerCalls() - before);
        assertEquals(Set.of(0), out.hidden().keySet());
    }

    @Test
    void batchLeavesNoArrayBehindInTheModelsManager() {
        int before = ((BaseNDManager) model.manager).getManagedArrays().size();
        model.forward(batch, HiddenRequest.all(model.spec().numLayers(), true), new CollectedOutputs());
        // the LM head weight is the one array a first logits request may add
        int after = ((BaseNDManager) model.manager).getManagedArrays().size();
        assertTrue(after - before <= 1, "arrays left behind: " + (after - before));
        model.forward(batch, HiddenRequest.all(model.spec().numLayers(), true), new CollectedOutputs());
        assertEquals(after, ((BaseNDManager) model.manager).getManagedArrays().size());
    }

    @Test
    void outOfRangeHiddenIndexIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> model.forward(batch,
                new HiddenRequest(new TreeSet<>(Set.of(7)), false, false), new CollectedOutputs()));
        assertTrue(e.getMessage().contains("index 7"), e.getMessage());
    }

    @Test
    void unsupportedModelTypeNamesTheSupportedOnes(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"llama\", \"hidden_size\": 8}");
        var e = assertThrows(IllegalArgumentException.class, () -> Models.load(dir, ModelOptions.cpu()));
        assertTrue(e.getMessage().contains("model_type 'llama' is not supported; supported: gpt_neox, olmo, olmo2"),
                e.getMessage());
    }

    @Test
    void originalOlmoLayoutPointsToTheHfRepository(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("config.json"),
                "{\"model_type\": \"olmo\", \"d_model\": 2048, \"n_layers\": 16, \"n_heads\": 16}");
        var e = assertThrows(IllegalArgumentException.class, () -> Models.load(dir, ModelOptions.cpu()));
        assertTrue(e.getMessage().contains("original hf_olmo layout") && e.getMessage().contains("allenai/OLMo-1B-hf"),
                e.getMessage());
    }

    @Test
    void float16OnCpuIsRefusedWithTheReason() {
        var e = assertThrows(IllegalArgumentException.class, () -> ComputeTarget.resolve("cpu", "float16"));
        assertTrue(e.getMessage().contains("float16 needs a CUDA device"), e.getMessage());
    }

    @Test
    void cudaWithoutGpuSaysWhy() {
        org.junit.jupiter.api.Assumptions.assumeTrue(ComputeTarget.gpuCount() == 0, "a GPU is visible here");
        var e = assertThrows(IllegalArgumentException.class, () -> ComputeTarget.resolve("cuda", "float32"));
        assertTrue(e.getMessage().contains("no CUDA GPU is visible") && e.getMessage().contains("PYTORCH_LIBRARY_PATH"),
                e.getMessage());
        assertEquals(ai.djl.Device.cpu(), ComputeTarget.resolve("auto", "float32").device());
    }
}
