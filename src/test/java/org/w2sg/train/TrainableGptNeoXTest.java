package org.w2sg.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w2sg.model.CollectedOutputs;
import org.w2sg.model.DecoderStack;
import org.w2sg.model.HfConfig;
import org.w2sg.model.HiddenRequest;
import org.w2sg.model.ModelOptions;
import org.w2sg.model.Models;
import org.w2sg.model.TokenBatch;
import org.w2sg.model.gptneox.GptNeoXConfig;

class TrainableGptNeoXTest {
    static GptNeoXConfig neox(Map<String, Object> config) {
        return GptNeoXConfig.from(HfConfig.of(Path.of("config.json"), new ObjectMapper().valueToTree(config)));
    }

    /**
     * Autograd against central finite differences in float64 on every parameter tensor (three elements each), for
     * parallel and sequential residuals: relative error below 1e-6 (absolute 1e-9 where the gradient is 0).
     */
    @Test
    void gradientsMatchCentralFiniteDifferences() {
        for (boolean parallel : new boolean[] {true, false}) {
            GptNeoXConfig config = neox(TinyShapes.config(8, 2, 2, 11, 0.5, parallel));
            Map<String, double[]> values = new LinkedHashMap<>();
            Initializer.values(config, 0.3, 5).forEach((k, v) -> {
                double[] d = new double[v.length];
                SplittableRandom r = new SplittableRandom(k.hashCode());
                // perturb norms and biases too, so their gradients are exercised away from 1 and 0
                for (int i = 0; i < v.length; i++) d[i] = v[i] + 0.1 * r.nextGaussian();
                values.put(k, d);
            });
            long[] ids = {1, 4, 9, 2, 7, 3, 3, 0, 10, 5};
            long[] targets = {4, 9, 2, 7, 6, 3, 0, 10, 5, 8};
            try (NDManager m = NDManager.newBaseManager("PyTorch")) {
                Map<String, double[]> grads = new LinkedHashMap<>();
                try (TrainableGptNeoX model = TrainableGptNeoX.of(config, m, DataType.FLOAT64, values);
                     NDManager step = m.newSubManager()) {
                    model.attachTo(step);
                    try (GradientCollector c = Engine.getEngine("PyTorch").newGradientCollector()) {
                        c.backward(model.loss(step.create(ids, new Shape(2, 5)), step.create(targets, new Shape(2, 5))));
                    }
                    model.parameters().forEach((k, p) -> grads.put(k, p.getGradient().toDoubleArray()));
                }
                // the chunked LM head (3 rows at a time, the layers' backward from dL/dh) gives the same gradients
                try (TrainableGptNeoX model = TrainableGptNeoX.of(config, m, DataType.FLOAT64, values);
                     NDManager step = m.newSubManager()) {
                    model.attachTo(step);
                    double chunkedLoss;
                    try (GradientCollector c = Engine.getEngine("PyTorch").newGradientCollector()) {
                        chunkedLoss = model.lossAndBackward(step.create(ids, new Shape(2, 5)),
                                step.create(targets, new Shape(2, 5)), c, 3, new TrainStep.Timings());
                    }
                    assertEquals(loss(config, m, values, ids, targets), chunkedLoss, 1e-12, "chunked loss");
                    assertEquals(chunkedLoss, model.lossInChunks(step.create(ids, new Shape(2, 5)),
                            step.create(targets, new Shape(2, 5)), 3), 1e-12, "chunked validation loss");
                    model.parameters().forEach((k, p) -> {
                        double[] chunked = p.getGradient().toDoubleArray();
                        for (int i = 0; i < chunked.length; i++) {
                            assertEquals(grads.get(k)[i], chunked[i], 1e-12 + 1e-9 * Math.abs(grads.get(k)[i]), k + " chunked");
                        }
                    });
                }
                double worst = 0;
                for (String name : values.keySet()) {
                    double[] v = values.get(name);
                    SplittableRandom pick = new SplittableRandom(name.length());
                    for (int trial = 0; trial < 3; trial++) {
                        int i = pick.nextInt(v.length);
                        double h = 1e-5;
                        double saved = v[i];
                        v[i] = saved + h;
                        double up = loss(config, m, values, ids, targets);
                        v[i] = saved - h;
                        double down = loss(config, m, values, ids, targets);
                        v[i] = saved;
                        double numeric = (up - down) / (2 * h);
                        double analytic = grads.get(name)[i];
                        double diff = Math.abs(numeric - analytic);
                        // some gradients are exactly 0 (a key bias shifts a whole softmax row): there the finite
                        // difference is rounding noise, about 1e-11, hence the absolute floor
                        if (Math.abs(numeric) > 1e-6) worst = Math.max(worst, diff / (Math.abs(numeric) + Math.abs(analytic)));
                        assertTrue(diff <= 1e-6 * (Math.abs(numeric) + Math.abs(analytic)) + 1e-9, name + "[" + i + "] parallel=" + parallel + ": autograd " + analytic
                                + " vs finite difference " + numeric);
                    }
                }
                System.out.printf("finite differences (parallel=%s): worst relative error %.2e%n", parallel, worst);
            }
        }
    }

    private static double loss(GptNeoXConfig config, NDManager m, Map<String, double[]> values, long[] ids, long[] targets) {
        try (TrainableGptNeoX model = TrainableGptNeoX.of(config, m, DataType.FLOAT64, values);
             NDManager step = m.newSubManager()) {
            model.attachTo(step);
            return model.loss(step.create(ids, new Shape(2, 5)), step.create(targets, new Shape(2, 5))).getDouble();
        }
    }

    /**
     * A few trained steps, then the saved checkpoint through the harness's inference forward: every hidden state and
     * the logits within 1e-5 of what the training model computes, for both residual layouts.
     */
    @Test
    void savedCheckpointComputesWhatTheTrainingModelComputes(@TempDir Path dir) throws Exception {
        Path tokenizer = Files.writeString(dir.resolve("tok.json"), "{}");
        for (boolean parallel : new boolean[] {true, false}) {
            Map<String, Object> json = TinyShapes.config(32, 2, 4, 64, 0.25, parallel);
            GptNeoXConfig config = neox(json);
            int rows = 2;
            int seq = 7;
            long[] ids = new long[rows * seq];
            long[] targets = new long[rows * seq];
            SplittableRandom r = new SplittableRandom(3);
            for (int i = 0; i < ids.length; i++) {
                ids[i] = r.nextInt(64);
                targets[i] = r.nextInt(64);
            }
            Path ckpt = dir.resolve("run" + parallel).resolve("step3");
            float[] trainLogits;
            float[][] trainHidden = new float[config.numLayers() + 1][];
            try (NDManager m = NDManager.newBaseManager("PyTorch");
                 TrainableGptNeoX model = TrainableGptNeoX.of(config, m, DataType.FLOAT32, Initializer.values(config, 0.02, 9))) {
                AdamW opt = new AdamW(AdamW.Settings.of(0.1, 1.0), model.parameters());
                TrainStep step = new TrainStep(model, opt, m);
                for (int s = 1; s <= 3; s++) step.run(s, new Batch(ids, targets, rows, seq), 1e-2);
                CheckpointFolder.write(ckpt, json, model, tokenizer, 3, 3L * rows * seq);
                try (NDManager scratch = m.newSubManager()) {
                    model.attachTo(scratch);
                    NDArray x = scratch.create(ids, new Shape(rows, seq));
                    trainLogits = model.logits(x).toFloatArray();
                    for (int l = 0; l < config.numLayers(); l++) trainHidden[l] = model.hiddenStates(x, l).toFloatArray();
                    trainHidden[config.numLayers()] = model.finalHidden(x).toFloatArray();
                }
            }
            int[][] seqs = new int[rows][seq];
            for (int i = 0; i < ids.length; i++) seqs[i / seq][i % seq] = (int) ids[i];
            try (DecoderStack inference = Models.load(ckpt, ModelOptions.cpu())) {
                CollectedOutputs out = new CollectedOutputs();
                inference.forward(TokenBatch.rightPadded(seqs, 0), HiddenRequest.all(config.numLayers(), true), out);
                assertClose(trainLogits, out.logits().values(), "logits, parallel=" + parallel);
                for (int l = 0; l <= config.numLayers(); l++) {
                    assertClose(trainHidden[l], out.hidden().get(l).values(), "hidden " + l + ", parallel=" + parallel);
                }
            }
        }
    }

    static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double worst = 0;
        for (int i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        assertTrue(worst <= 1e-5, what + ": max |difference| " + worst);
    }
}
