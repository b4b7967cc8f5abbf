package org.w2sg.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.w2sg.Cuda;
import org.w2sg.model.gptneox.GptNeoXConfig;

/**
 * Three AdamW steps of a small GPT-NeoX on CUDA against the same steps on the CPU (skipped where no GPU is visible):
 * the losses agree to 1e-4 relative and every trained weight to 1e-3 of its tensor's largest magnitude. Only the
 * order of summation differs (cuBLAS vs the CPU's kernels, TF32 off as libtorch's default), and three updates of
 * lr 1e-2 amplify it little.
 */
@Tag("gpu")
class CudaTrainStepTest {
    static final double LOSS_RELATIVE = 1e-4;
    static final double WEIGHT_RELATIVE = 1e-3;

    @Test
    void trainStepsOnCudaMatchTheCpu() {
        Cuda.assumeVisible();
        GptNeoXConfig config = TrainableGptNeoXTest.neox(TinyShapes.config(64, 2, 4, 512, 0.25, true));
        Map<String, float[]> init = Initializer.values(config, 0.02, 11);
        int rows = 4;
        int seq = 32;
        long[] ids = new long[rows * seq];
        long[] targets = new long[rows * seq];
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < ids.length; i++) {
            ids[i] = r.nextInt(512);
            targets[i] = r.nextInt(512);
        }
        Batch batch = new Batch(ids, targets, rows, seq);
        Trained cpu = train(Device.cpu(), config, init, batch);
        Trained gpu = train(Device.gpu(), config, init, batch);
        for (int s = 0; s < cpu.losses.length; s++) {
            assertEquals(cpu.losses[s], gpu.losses[s], LOSS_RELATIVE * Math.abs(cpu.losses[s]), "loss at step " + (s + 1));
        }
        cpu.weights.forEach((name, w) -> {
            float[] g = gpu.weights.get(name);
            double scale = 0;
            double diff = 0;
            for (int i = 0; i < w.length; i++) {
                scale = Math.max(scale, Math.abs(w[i]));
                diff = Math.max(diff, Math.abs(w[i] - g[i]));
            }
            assertTrue(diff <= WEIGHT_RELATIVE * scale, name + ": max abs difference " + diff + " > " + WEIGHT_RELATIVE
                    + " x " + scale);
        });
    }

    private record Trained(double[] losses, Map<String, float[]> weights) {}

    private static Trained train(Device device, GptNeoXConfig config, Map<String, float[]> init, Batch batch) {
        double[] losses = new double[3];
        Map<String, float[]> weights = new LinkedHashMap<>();
        try (NDManager m = NDManager.newBaseManager(device, "PyTorch");
             TrainableGptNeoX model = TrainableGptNeoX.of(config, m, DataType.FLOAT32, init)) {
            TrainStep step = new TrainStep(model, new AdamW(AdamW.Settings.of(0.1, 1.0), model.parameters()), m);
            for (int s = 1; s <= losses.length; s++) losses[s - 1] = step.run(s, batch, 1e-2).loss();
            model.parameters().forEach((k, p) -> weights.put(k, p.toFloatArray()));
        }
        return new Trained(losses, weights);
    }
}
