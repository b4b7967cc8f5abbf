package org.w2sg.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.w2sg.bench.MatmulReference;
import org.w2sg.bench.PeakMemory;
import org.w2sg.errors.UserException;
import org.w2sg.hub.WeightFormat;
import org.w2sg.model.ComputeTarget;
import org.w2sg.model.DecoderStack;
import org.w2sg.model.HiddenRequest;
import org.w2sg.model.HiddenStateSink;
import org.w2sg.model.ModelOptions;
import org.w2sg.model.ModelSpec;
import org.w2sg.model.Models;
import org.w2sg.model.TokenBatch;
import org.w2sg.registry.ModelAlias;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "forward", mixinStandardHelpOptions = true,
        description = {"Runs a random checkpoint of a registry model's shape (built once and cached; no download) on "
                + "full batches, every hidden state requested and no LM head, as extraction does.",
                "Prints tokens/s, achieved GFLOP/s (2 x non-embedding parameters per token + 4 x layers x hidden x seq^2 "
                        + "per sequence), peak memory, and the GFLOP/s of a plain DJL matmul [4096,768]x[768,3072] "
                        + "measured in the same run. Exits 1 when the forward pass reaches less than half of it.",
                "On a GPU it also measures a [8192,8192]x[8192,8192] matmul in the same type (the card's practical "
                        + "peak) and the fraction of it the forward pass reaches."})
public final class BenchForwardCommand implements Callable<Integer> {
    @Mixin
    RandomModelOptions shape = new RandomModelOptions("pythia-70m");

    static final double BAR = 0.5;
    static final int MATMULS_PER_BATCH = 3;

    @Option(names = "--batch", defaultValue = "8", description = "Sequences per batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--seq", defaultValue = "128", description = "Tokens per sequence (default: ${DEFAULT-VALUE}).")
    int seqLen;

    @Option(names = "--iterations", defaultValue = "5", description = "Timed batches (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--warmup", defaultValue = "1", description = "Untimed batches first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|cuda", description = "Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(names = "--dtype", defaultValue = "float32", paramLabel = "float32|float16",
            description = "Compute type (default: ${DEFAULT-VALUE}; float16 only on CUDA).")
    String dtype;

    @Override
    public Integer call() throws Exception {
        if (batchSize < 1 || seqLen < 1 || iterations < 1 || warmup < 0) {
            throw new UserException("--batch, --seq and --iterations must be positive, --warmup >= 0");
        }
        ModelAlias alias = shape.alias();
        ComputeTarget target = ComputeTarget.resolve(device, dtype);
        Path dir = RandomCheckpointCache.safetensors(alias, shape.cache, shape.seed);
        try (DecoderStack model = Models.load(dir, new ModelOptions(device, dtype, WeightFormat.SAFETENSORS))) {
            ModelSpec spec = model.spec();
            if (seqLen > maxPositions(alias)) {
                System.err.printf("note: --seq %d is longer than %s's max_position_embeddings (%d)%n", seqLen, alias.name(),
                        maxPositions(alias));
            }
            TokenBatch batch = randomBatch(spec.vocabSize());
            HiddenRequest all = HiddenRequest.all(spec.numLayers(), false);
            Syncing sink = new Syncing(spec.numLayers());
            for (int i = 0; i < warmup; i++) model.forward(batch, all, sink);
            // Forward batches and reference products alternate, so both see the same load on a shared machine.
            double[] seconds = new double[iterations];
            double[] matmulSeconds = new double[iterations * MATMULS_PER_BATCH];
            try (MatmulReference reference = new MatmulReference(target.device(), target.dtype());
                 ProgressBar bar = org.w2sg.io.ProgressBars.builder("bench forward")
                         .setInitialMax(iterations).build()) {
                for (int i = 0; i < iterations; i++) {
                    long t0 = System.nanoTime();
                    model.forward(batch, all, sink);
                    seconds[i] = (System.nanoTime() - t0) / 1e9;
                    for (int j = 0; j < MATMULS_PER_BATCH; j++) matmulSeconds[i * MATMULS_PER_BATCH + j] = reference.seconds();
                    bar.step();
                }
            }
            double median = MatmulReference.median(seconds);
            double matmul = MatmulReference.FLOPS / MatmulReference.median(matmulSeconds) / 1e9;
            long tokens = (long) batchSize * seqLen;
            double flops = 2.0 * spec.nonEmbeddingParameters() * tokens
                    + 4.0 * spec.numLayers() * spec.hiddenSize() * (double) seqLen * seqLen * batchSize;
            double gflops = flops / median / 1e9;
            double ratio = gflops / matmul;
            System.out.printf("bench forward: random %s-shaped checkpoint (%,d non-embedding parameters, %d layers), "
                            + "batch %d x %d tokens, %s %s%n", alias.name(), spec.nonEmbeddingParameters(),
                    spec.numLayers(), batchSize, seqLen, target.device(), dtype);
            System.out.printf("  forward : %,.0f tokens/s, %.1f GFLOP/s (median of %d batches, %.3f s each)%n",
                    tokens / median, gflops, iterations, median);
            System.out.printf("  matmul  : %.1f GFLOP/s (DJL %s [%d,%d]x[%d,%d], median of %d, interleaved)%n", matmul,
                    dtype, MatmulReference.M, MatmulReference.K, MatmulReference.K, MatmulReference.N,
                    matmulSeconds.length);
            System.out.printf("  ratio   : %.2f of matmul (bar: >= %.2f)%n", ratio, BAR);
            if (target.device().isGpu()) {
                // the small reference above is latency-bound on a GPU: also name the card's practical peak
                int p = MatmulReference.GPU_PEAK;
                try (MatmulReference peak = new MatmulReference(target.device(), target.dtype(), p, p, p)) {
                    double peakTflops = peak.gflops(5) / 1e3;
                    System.out.printf("  gpu peak: %.1f TFLOP/s (DJL %s [%d,%d]x[%d,%d], median of 5); the forward pass's "
                            + "%.1f TFLOP/s is %.3f of it%n", peakTflops, dtype, p, p, p, p, gflops / 1e3,
                            gflops / 1e3 / peakTflops);
                }
            }
            System.out.printf("  memory  : %s%n", PeakMemory.describe());
            if (ratio < BAR) {
                System.out.printf("FAILED: the forward pass reached %.2f of the matmul rate, below the bar of %.2f%n", ratio, BAR);
                return 1;
            }
            return 0;
        }
    }

    private static int maxPositions(ModelAlias alias) {
        Object v = alias.config().get("max_position_embeddings");
        return v instanceof Number n ? n.intValue() : Integer.MAX_VALUE;
    }

    private TokenBatch randomBatch(int vocab) {
        SplittableRandom r = new SplittableRandom(shape.seed);
        int n = batchSize * seqLen;
        long[] ids = new long[n];
        long[] mask = new long[n];
        long[] pos = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = r.nextInt(vocab);
            mask[i] = 1;
            pos[i] = i % seqLen;
        }
        return new TokenBatch(batchSize, seqLen, ids, mask, pos);
    }

    /** Reads one value of the deepest hidden state, so the timing includes all queued device work. */
    private record Syncing(int deepest) implements HiddenStateSink {
        @Override
        public void hidden(int index, NDArray value) {
            if (index == deepest) value.get(0, 0, 0).toType(DataType.FLOAT32, false).getFloat();
        }
    }
}
