package org.w2sg.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.w2sg.bench.ForwardBenchmark;
import org.w2sg.bench.MatmulReference;
import org.w2sg.bench.PeakMemory;
import org.w2sg.errors.UserException;
import org.w2sg.model.ComputeTarget;
import org.w2sg.model.ModelSpec;
import org.w2sg.registry.ModelAlias;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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

    @Spec
    CommandSpec spec;

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
        ComputeTarget.resolve(device, dtype); // a --dtype the device cannot run is refused before anything is built
        Path dir = RandomCheckpointCache.safetensors(alias, shape.cache, shape.seed);
        if (seqLen > maxPositions(alias)) {
            System.err.printf("note: --seq %d is longer than %s's max_position_embeddings (%d)%n", seqLen, alias.name(),
                    maxPositions(alias));
        }
        ForwardBenchmark.Result r = ForwardBenchmark.run(new ForwardBenchmark.Settings(dir, device, dtype, batchSize,
                seqLen, iterations, warmup, shape.seed));
        print(spec.commandLine().getOut(), alias.name(), r);
        return r.met() ? 0 : 1;
    }

    static void print(PrintWriter out, String model, ForwardBenchmark.Result r) {
        ModelSpec spec = r.model();
        out.printf("bench forward: random %s-shaped checkpoint (%,d non-embedding parameters, %d layers), "
                + "batch %d x %d tokens, %s %s%n", model, spec.nonEmbeddingParameters(), spec.numLayers(), r.batchSize(),
                r.seqLen(), r.device(), r.dtype());
        out.printf("  forward : %,.0f tokens/s, %.1f GFLOP/s (median of %d batches, %.3f s each)%n",
                r.tokensPerSecond(), r.gflops(), r.iterations(), r.seconds());
        out.printf("  matmul  : %.1f GFLOP/s (DJL %s [%d,%d]x[%d,%d], median of %d, interleaved)%n", r.matmulGflops(),
                r.dtype(), MatmulReference.M, MatmulReference.K, MatmulReference.K, MatmulReference.N, r.matmulProducts());
        out.printf("  ratio   : %.2f of matmul (bar: >= %.2f)%n", r.ratio(), ForwardBenchmark.BAR);
        if (!Double.isNaN(r.gpuPeakTflops())) {
            int p = MatmulReference.GPU_PEAK;
            out.printf("  gpu peak: %.1f TFLOP/s (DJL %s [%d,%d]x[%d,%d], median of 5); the forward pass's "
                    + "%.1f TFLOP/s is %.3f of it%n", r.gpuPeakTflops(), r.dtype(), p, p, p, p, r.gflops() / 1e3,
                    r.gflops() / 1e3 / r.gpuPeakTflops());
        }
        out.printf("  memory  : %s%n", PeakMemory.describe());
        if (!r.met()) {
            out.printf("FAILED: the forward pass reached %.2f of the matmul rate, below the bar of %.2f%n", r.ratio(),
                    ForwardBenchmark.BAR);
        }
        out.flush();
    }

    private static int maxPositions(ModelAlias alias) {
        Object v = alias.config().get("max_position_embeddings");
        return v instanceof Number n ? n.intValue() : Integer.MAX_VALUE;
    }
}
