package org.w2sg.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w2sg.Cuda;
import org.w2sg.hub.WeightFormat;
import org.w2sg.io.Npy;
import org.w2sg.tools.ReferenceInputs;

/**
 * The reference fixtures on a CUDA device (skipped where none is visible): float32 within the CPU's 1e-4 of what
 * transformers computed; float16 against the float32 CPU result within {@link #HALF_RELATIVE} of each output's largest
 * magnitude. float16 rounds every product and sum to 11 significant bits (unit roundoff 4.9e-4); with norms and the
 * softmax in float32, the few layers of a fixture keep the error within about 2-5 roundoffs of the output's scale, so
 * 1e-2 (20 roundoffs) passes a correct pass and fails a broken mask, overflow or layout (errors of order 1).
 */
@Tag("gpu")
class CudaForwardTest {
    static final double HALF_RELATIVE = 1e-2;

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (String c : ReferenceForwardTest.CASES) {
            for (String variant : List.of("right_padded", "left_padded")) all.add(Arguments.of(c, variant));
        }
        return all.stream();
    }

    static CollectedOutputs run(String fixture, String variant, String device, String dtype) throws IOException {
        Path dir = ReferenceForwardTest.FIXTURES.resolve(fixture);
        TokenBatch batch = ReferenceInputs.read(dir.resolve("inputs.json"), variant);
        try (DecoderStack model = Models.load(dir, new ModelOptions(device, dtype, WeightFormat.SAFETENSORS))) {
            CollectedOutputs out = new CollectedOutputs();
            model.forward(batch, HiddenRequest.all(model.spec().numLayers(), true), out);
            return out;
        }
    }

    @ParameterizedTest(name = "{0} {1} float32")
    @MethodSource("cases")
    void float32OnCudaMatchesTransformers(String fixture, String variant) throws IOException {
        Cuda.assumeVisible();
        Path dir = ReferenceForwardTest.FIXTURES.resolve(fixture);
        TokenBatch batch = ReferenceInputs.read(dir.resolve("inputs.json"), variant);
        CollectedOutputs out = run(fixture, variant, "cuda", "float32");
        Path expected = dir.resolve("expected").resolve(variant);
        for (int i = 0; i < out.hidden().size(); i++) {
            ReferenceForwardTest.assertClose(expected.resolve("hidden_" + i + ".npy"), out.hidden().get(i), batch, "hidden_" + i);
        }
        ReferenceForwardTest.assertClose(expected.resolve("last_layer_pre_norm.npy"), out.lastLayerPreNorm(), batch, "last_layer_pre_norm");
        ReferenceForwardTest.assertClose(expected.resolve("logits.npy"), out.logits(), batch, "logits");
    }

    @ParameterizedTest(name = "{0} {1} float16")
    @MethodSource("cases")
    void float16OnCudaStaysCloseToFloat32OnCpu(String fixture, String variant) throws IOException {
        Cuda.assumeVisible();
        Path dir = ReferenceForwardTest.FIXTURES.resolve(fixture);
        TokenBatch batch = ReferenceInputs.read(dir.resolve("inputs.json"), variant);
        CollectedOutputs cpu = run(fixture, variant, "cpu", "float32");
        CollectedOutputs half = run(fixture, variant, "cuda", "float16");
        assertEquals(cpu.hidden().size(), half.hidden().size());
        for (int i = 0; i < cpu.hidden().size(); i++) assertNear(cpu.hidden().get(i), half.hidden().get(i), batch, "hidden_" + i);
        assertNear(cpu.lastLayerPreNorm(), half.lastLayerPreNorm(), batch, "last_layer_pre_norm");
        assertNear(cpu.logits(), half.logits(), batch, "logits");
    }

    /** Max |a - b| at real positions within HALF_RELATIVE of max |a| there. */
    static void assertNear(CollectedOutputs.Output reference, CollectedOutputs.Output actual, TokenBatch batch, String what) {
        assertNotNull(actual, what + " was not produced");
        assertEquals(java.util.Arrays.toString(reference.shape()), java.util.Arrays.toString(actual.shape()), what + " shape");
        int width = (int) reference.shape()[2];
        double diff = 0;
        double scale = 0;
        for (int row = 0; row < batch.batchSize() * batch.seqLen(); row++) {
            if (batch.attentionMask()[row] == 0) continue;
            for (int j = 0; j < width; j++) {
                float r = reference.values()[row * width + j];
                diff = Math.max(diff, Math.abs(r - actual.values()[row * width + j]));
                scale = Math.max(scale, Math.abs(r));
            }
        }
        assertTrue(diff <= HALF_RELATIVE * scale, what + ": max abs difference " + diff + " > " + HALF_RELATIVE + " x "
                + scale + " (largest |value|)");
    }
}
