package org.w2sg.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import org.w2sg.train.AdamW;
import org.w2sg.train.Batch;
import org.w2sg.train.Initializer;
import org.w2sg.train.TrainStep;
import org.w2sg.train.TrainableGptNeoX;
import org.w2sg.model.gptneox.GptNeoXConfig;

/**
 * Training speed of the pre-training lab: full optimizer steps (forward, backward, global-norm clip, AdamW) of a
 * freshly initialised GPT-NeoX on random token batches, against a plain DJL float32 matmul measured between the steps,
 * so both see the same machine load. Useful FLOPs per token: 6 x the parameters other than embed_in (the embedding
 * lookup does no multiply) plus 12 x layers x hidden x seq-len for attention's scores and mixing (forward and backward).
 */
public final class PretrainBench {
    private PretrainBench() {}

    /**
     * @param secondsPerStep median wall seconds of one step (data + forward + backward + optimizer)
     * @param phases         mean seconds per step: data, layers forward, LM head + cross-entropy (forward and
     *                       backward), layers backward, optimizer
     * @param memory         the process's memory after each of the sampled steps
     */
    public record Result(int batch, int seq, int steps, long parameters, double usefulFlopsPerStep, double secondsPerStep,
                         double tokensPerSecond, double usefulGflops, double matmulGflops, double cpuSecondsPerStep,
                         Map<String, Double> phases, List<MemorySample> memory, long peakRssBytes, double loadBefore,
                         double loadAfter) {
        public double ratio() {
            return usefulGflops / matmulGflops;
        }
    }

    public static Result run(GptNeoXConfig config, int batch, int seq, int warmup, int steps, int headChunk, int matmulEvery,
                             Device device, IntConsumer progress) {
        double loadBefore = loadAverage();
        long params = config.tensors().stream().mapToLong(t -> t.numel()).sum();
        long embedIn = (long) config.vocabSize() * config.hiddenSize();
        double flops = 6.0 * (params - embedIn) * batch * seq + 12.0 * config.numLayers() * config.hiddenSize() * seq * (double) batch * seq;
        SplittableRandom random = new SplittableRandom(1);
        double[] stepSeconds = new double[steps];
        double[] matmulSeconds = new double[(steps + matmulEvery - 1) / matmulEvery];
        double data = 0;
        List<MemorySample> rss = new ArrayList<>();
        long cpu0;
        long cpu1;
        TrainStep.Timings timings;
        try (MatmulReference reference = new MatmulReference(device, DataType.FLOAT32);
             NDManager base = NDManager.newBaseManager(device, "PyTorch");
             TrainableGptNeoX model = TrainableGptNeoX.of(config, base, DataType.FLOAT32, Initializer.values(config, 0.02, 0))) {
            AdamW optimizer = new AdamW(AdamW.Settings.of(0.1, 1.0), model.parameters());
            TrainStep step = new TrainStep(model, optimizer, base).headChunk(headChunk);
            for (int i = 0; i < warmup; i++) step.run(i + 1, randomBatch(random, config.vocabSize(), batch, seq), 1e-4);
            timings = new TrainStep.Timings();
            TrainStep.Timings before = copy(step.timings());
            cpu0 = ProcessCpu.nanos();
            for (int i = 0; i < steps; i++) {
                long t0 = System.nanoTime();
                Batch b = randomBatch(random, config.vocabSize(), batch, seq);
                long t1 = System.nanoTime();
                step.run(warmup + i + 1, b, 1e-4);
                stepSeconds[i] = (System.nanoTime() - t0) / 1e9;
                data += (t1 - t0) / 1e9;
                if (i % matmulEvery == 0) {
                    long c = ProcessCpu.nanos();
                    matmulSeconds[i / matmulEvery] = reference.seconds();
                    cpu0 += ProcessCpu.nanos() - c; // the reference product's CPU time is not the step's
                }
                if (i == 0 || (i + 1) % Math.max(1, steps / 10) == 0 || i == steps - 1) rss.add(MemorySample.now(warmup + i + 1));
                if (progress != null) progress.accept(i + 1);
            }
            cpu1 = ProcessCpu.nanos();
            TrainStep.Timings after = step.timings();
            timings.layersForward = (after.layersForward - before.layersForward) / steps;
            timings.headAndLoss = (after.headAndLoss - before.headAndLoss) / steps;
            timings.layersBackward = (after.layersBackward - before.layersBackward) / steps;
            timings.optimizer = (after.optimizer - before.optimizer) / steps;
        }
        double median = MatmulReference.median(stepSeconds);
        double matmul = MatmulReference.FLOPS / MatmulReference.median(matmulSeconds) / 1e9;
        Map<String, Double> phases = new java.util.LinkedHashMap<>();
        phases.put("data", data / steps);
        phases.put("layers forward", timings.layersForward);
        phases.put("LM head + cross-entropy (fwd+bwd)", timings.headAndLoss);
        phases.put("layers backward", timings.layersBackward);
        phases.put("optimizer", timings.optimizer);
        return new Result(batch, seq, steps, params, flops, median, batch * (double) seq / median, flops / median / 1e9,
                matmul, (cpu1 - cpu0) / 1e9 / steps, phases, rss, PeakMemory.residentBytes(), loadBefore, loadAverage());
    }

    private static TrainStep.Timings copy(TrainStep.Timings t) {
        TrainStep.Timings c = new TrainStep.Timings();
        c.layersForward = t.layersForward;
        c.headAndLoss = t.headAndLoss;
        c.layersBackward = t.layersBackward;
        c.optimizer = t.optimizer;
        return c;
    }

    private static Batch randomBatch(SplittableRandom r, int vocab, int rows, int seq) {
        long[] ids = new long[rows * seq];
        long[] targets = new long[rows * seq];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = r.nextInt(vocab);
            targets[i] = r.nextInt(vocab);
        }
        return new Batch(ids, targets, rows, seq);
    }

    /** The 1-minute load average (how busy the shared machine was), or -1. */
    public static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
