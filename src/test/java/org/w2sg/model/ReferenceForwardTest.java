package org.w2sg.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w2sg.hub.WeightFormat;
import org.w2sg.io.Npy;
import org.w2sg.tools.ReferenceInputs;

/**
 * Every fixture case x padding variant x weight format against what Hugging Face transformers computed: all hidden
 * states, the pre-norm last layer and the logits agree within 1e-4 absolute at every real (mask 1) position.
 */
class ReferenceForwardTest {
    static final Path FIXTURES = org.w2sg.ReferenceFixtures.ROOT;
    static final List<String> CASES = org.w2sg.ReferenceFixtures.CASES;
    static final double TOLERANCE = 1e-4;
    static final List<WeightFormat> FORMATS = List.of(WeightFormat.SAFETENSORS, WeightFormat.BIN);

    private static final Map<String, DecoderStack> MODELS = new HashMap<>();

    static synchronized DecoderStack model(String fixture, WeightFormat format) {
        return MODELS.computeIfAbsent(fixture + "/" + format,
                k -> Models.load(FIXTURES.resolve(fixture), new ModelOptions("cpu", "float32", format)));
    }

    @AfterAll
    static void closeModels() {
        MODELS.values().forEach(DecoderStack::close);
        MODELS.clear();
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (String c : CASES) {
            for (String variant : List.of("right_padded", "left_padded")) {
                for (WeightFormat f : FORMATS) all.add(Arguments.of(c, variant, f));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void matchesTransformers(String fixture, String variant, WeightFormat format) throws IOException {
        DecoderStack model = model(fixture, format);
        TokenBatch batch = ReferenceInputs.read(FIXTURES.resolve(fixture).resolve("inputs.json"), variant);
        int layers = model.spec().numLayers();
        CollectedOutputs out = new CollectedOutputs();
        model.forward(batch, HiddenRequest.all(layers, true), out);

        Path expected = FIXTURES.resolve(fixture).resolve("expected").resolve(variant);
        assertEquals(layers + 1, out.hidden().size());
        for (int i = 0; i <= layers; i++) {
            assertClose(expected.resolve("hidden_" + i + ".npy"), out.hidden().get(i), batch, "hidden_" + i);
        }
        assertClose(expected.resolve("last_layer_pre_norm.npy"), out.lastLayerPreNorm(), batch, "last_layer_pre_norm");
        assertClose(expected.resolve("logits.npy"), out.logits(), batch, "logits");
    }

    /** Max |actual - expected| over positions whose attention mask is 1. */
    static double maxRealDiff(Npy.Array expected, CollectedOutputs.Output actual, TokenBatch batch) {
        int width = expected.dim(2);
        double max = 0;
        for (int row = 0; row < batch.batchSize() * batch.seqLen(); row++) {
            if (batch.attentionMask()[row] == 0) continue;
            for (int j = 0; j < width; j++) {
                int at = row * width + j;
                max = Math.max(max, Math.abs(expected.floats()[at] - actual.values()[at]));
            }
        }
        return max;
    }

    static void assertClose(Path file, CollectedOutputs.Output actual, TokenBatch batch, String what) throws IOException {
        assertNotNull(actual, what + " was not produced");
        Npy.Array expected = Npy.read(file);
        assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()), what + " shape");
        double diff = maxRealDiff(expected, actual, batch);
        assertTrue(diff <= TOLERANCE, what + ": max abs difference " + diff + " > " + TOLERANCE);
    }
}
