package org.w2sg.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w2sg.Cuda;
import org.w2sg.model.DecoderStack;
import org.w2sg.model.ModelOptions;
import org.w2sg.model.Models;
import org.w2sg.weights.DType;
import org.w2sg.hub.WeightFormat;

/**
 * Extraction of a random pythia-160m-shaped checkpoint (12 layers, width 768, real vocabulary) on CUDA against the
 * CPU (skipped where no GPU is visible): every layer, last and mean pooling, 24 sequences of 3 to 200 tokens in
 * length-sorted batches. float32 agrees to {@link #FLOAT32_RELATIVE} of each output's largest magnitude (only the
 * order of summation differs: cuBLAS vs the CPU's kernels, TF32 off as libtorch's default), float16 to
 * {@link #FLOAT16_RELATIVE} (11-bit rounding accumulated over 12 layers).
 */
@Tag("gpu")
class CudaExtractionTest {
    static final double FLOAT32_RELATIVE = 1e-3;
    static final double FLOAT16_RELATIVE = 3e-2;

    @Test
    void pooledRowsOnCudaMatchTheCpu(@TempDir Path tmp) {
        Cuda.assumeVisible();
        Path dir = TestCheckpoints.randomLike(tmp.resolve("pythia-160m"), "pythia-160m", Map.of(), DType.F32);
        SplittableRandom r = new SplittableRandom(15);
        int n = 24;
        int[][] seqs = new int[n][];
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            seqs[i] = new int[3 + r.nextInt(198)];
            for (int t = 0; t < seqs[i].length; t++) seqs[i][t] = r.nextInt(50000);
            ids[i] = "s" + i;
        }
        float[][] cpu = extract(dir, "cpu", "float32", seqs, ids);
        check("cuda float32", cpu, extract(dir, "cuda", "float32", seqs, ids), FLOAT32_RELATIVE);
        check("cuda float16", cpu, extract(dir, "cuda", "float16", seqs, ids), FLOAT16_RELATIVE);
    }

    static float[][] extract(Path dir, String device, String dtype, int[][] seqs, String[] ids) {
        try (DecoderStack model = Models.load(dir, new ModelOptions(device, dtype, WeightFormat.SAFETENSORS))) {
            List<Integer> layers = LayerSelection.of("all").resolve(model.spec().numLayers());
            return new Extractor(model, layers, List.of(Pooling.LAST, Pooling.MEAN), PaddingSide.RIGHT)
                    .runAll(seqs, ids, 2048);
        }
    }

    static void check(String what, float[][] reference, float[][] got, double relative) {
        assertEquals(reference.length, got.length, what + ": outputs");
        for (int o = 0; o < reference.length; o++) {
            double scale = 0;
            for (float v : reference[o]) scale = Math.max(scale, Math.abs(v));
            double d = ExtractorFixtureTest.maxAbsDiff(reference[o], got[o]);
            assertTrue(d <= relative * scale, what + " output " + o + ": max abs difference " + d + " > " + relative
                    + " x " + scale);
        }
    }
}
