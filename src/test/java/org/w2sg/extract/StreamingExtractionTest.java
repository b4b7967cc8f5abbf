package org.w2sg.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w2sg.machine.MemoryPlan;
import org.w2sg.model.DecoderStack;
import org.w2sg.model.ModelOptions;
import org.w2sg.model.Models;

/**
 * Layer streaming (--max-memory) gives the pooled vectors of the resident model: all fixture prefixes, every hidden
 * state, last and mean pooling, run one layer at a time in one chunk, in chunks the budget allows, and one batch at a
 * time; the number of layer reads shows which of those happened.
 */
class StreamingExtractionTest {
    static final double TOLERANCE = 1e-5;
    static final int BATCH_TOKENS = 12;

    @ParameterizedTest
    @ValueSource(strings = {"gpt_neox_pythia", "gpt_neox_sequential", "olmo_clip_qkv", "olmo_tied", "olmo2", "olmo2_gqa"})
    void streamingGivesTheResidentModelsPooledVectors(String fixture) throws IOException {
        Path dir = ExtractorFixtureTest.FIXTURES.resolve(fixture);
        ExtractorFixtureTest.Prefixes p = ExtractorFixtureTest.prefixes(dir);
        List<Pooling> poolings = List.of(Pooling.LAST, Pooling.MEAN);
        float[][] resident;
        int layers;
        try (DecoderStack model = Models.load(dir, ModelOptions.cpu())) {
            assertFalse(model.streaming());
            layers = model.spec().numLayers();
            resident = new Extractor(model, LayerSelection.of("all").resolve(layers), poolings, PaddingSide.RIGHT)
                    .runAll(p.sequences(), p.ids(), BATCH_TOKENS);
        }
        int batches = BatchPlan.of(Extractor.lengths(p.sequences()), BATCH_TOKENS, Integer.MAX_VALUE).batches().size();
        assertTrue(batches > 3, "enough batches to chunk: " + batches);

        // no budget: every batch in one chunk, each layer read once
        check(fixture + " one chunk", resident, layers, dir, ModelOptions.cpu().withStreamLayers(true), p, 1, 1);
        // a budget too small for two batches: one batch per chunk, each layer read once per batch
        check(fixture + " one batch per chunk", resident, layers, dir, ModelOptions.cpu().withMaxMemory(1), p, batches,
                batches);
        // a budget for about a third of the prefixes' tokens: several chunks of several batches
        MemoryPlan plan;
        try (DecoderStack probe = Models.load(dir, ModelOptions.cpu().withMaxMemory(1))) {
            plan = probe.memoryPlan().orElseThrow();
        }
        long tokens = 0;
        for (int[] s : p.sequences()) tokens += s.length;
        long budget = plan.residentBytes() + plan.layerBytes() + plan.workspaceBytesPerToken() * BATCH_TOKENS
                + plan.stateBytesPerToken() * (tokens / 3);
        check(fixture + " chunks", resident, layers, dir,
                ModelOptions.cpu().withStreamLayers(true).withMaxMemory(budget), p, 3, 6);
    }

    private static void check(String what, float[][] resident, int layers, Path dir, ModelOptions options,
                              ExtractorFixtureTest.Prefixes p, int minChunks, int maxChunks) {
        try (DecoderStack model = Models.load(dir, options)) {
            assertTrue(model.streaming(), what);
            float[][] streamed = new Extractor(model, LayerSelection.of("all").resolve(layers),
                    List.of(Pooling.LAST, Pooling.MEAN), PaddingSide.RIGHT).runAll(p.sequences(), p.ids(), BATCH_TOKENS);
            for (int o = 0; o < resident.length; o++) {
                double d = ExtractorFixtureTest.maxAbsDiff(resident[o], streamed[o]);
                assertTrue(d <= TOLERANCE, what + " output " + o + " differs from the resident model by " + d);
            }
            long loads = model.layerLoads();
            assertEquals(0, loads % layers, what + ": whole passes over the layers");
            long chunks = loads / layers;
            assertTrue(chunks >= minChunks && chunks <= maxChunks, what + ": " + chunks + " chunks, expected "
                    + minChunks + ".." + maxChunks);
        }
    }
}
