package org.w2sg.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.w2sg.bench.ExtractBenchmark;
import org.w2sg.bench.MatmulReference;
import org.w2sg.bench.PeakMemory;
import org.w2sg.bench.ProcessCpu;
import org.w2sg.data.DatasetLoader;
import org.w2sg.data.Example;
import org.w2sg.errors.UserException;
import org.w2sg.extract.Pooling;
import org.w2sg.io.SharedDir;
import org.w2sg.model.ModelSpec;
import org.w2sg.registry.ModelAlias;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "extract", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures activation extraction as `harness extract` runs it (tokenize, length-sorted batches "
                + "under a token budget, forward pass, on-device pooling, pooled rows to Java) on a random checkpoint "
                + "of a registry model's shape (no download) over the first N SST-2 dev sentences.",
                "Throughput is counted in useful FLOPs: 2 x non-embedding parameters per real token + 4 x layers x "
                        + "hidden x n^2 per sequence of n real tokens (padding does not count), against a plain DJL "
                        + "float32 matmul [4096,768]x[768,3072] measured in the same run. Prints tokens/s, both "
                        + "GFLOP/s, their ratio and where the time goes; exits 1 when the ratio is below --target."})
public final class BenchExtractCommand implements Callable<Integer> {
    @Mixin
    RandomModelOptions shape = new RandomModelOptions("pythia-160m");

    @Spec
    CommandSpec spec;

    @Option(names = "--examples", defaultValue = "512", paramLabel = "N",
            description = "The first N sentences of SST-2 dev (GLUE dev, 872 rows) (default: ${DEFAULT-VALUE}).")
    int examples;

    @Option(names = "--batch-tokens", defaultValue = "4096", paramLabel = "N",
            description = "Token budget per batch, as `harness extract --batch-tokens` (default: ${DEFAULT-VALUE}).")
    int batchTokens;

    @Option(names = "--layers", defaultValue = "all", paramLabel = "all|mid|i,j,k",
            description = "Hidden states to pool (default: ${DEFAULT-VALUE}).")
    String layers;

    @Option(names = "--pooling", defaultValue = "last", split = ",", paramLabel = "last|mean",
            description = "Pooling(s) (default: ${DEFAULT-VALUE}).")
    List<String> pooling;

    @Option(names = "--passes", defaultValue = "3",
            description = "Timed passes over the sentences; the median counts (default: ${DEFAULT-VALUE}).")
    int passes;

    @Option(names = "--target", defaultValue = "0.70",
            description = "Least useful-FLOP/s share of the matmul rate that passes (default: ${DEFAULT-VALUE}).")
    double targetRatio;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|cuda", description = "Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Dataset files (default: $W2SG_SHARED/data).")
    Path dataDir;

    @Option(names = "--tokenizer", paramLabel = "FILE",
            description = "tokenizer.json (default: the GPT-NeoX-20B tokenizer in $W2SG_SHARED/tokenizers).")
    Path tokenizer;

    @Override
    public Integer call() throws Exception {
        if (examples < 1 || batchTokens < 1 || passes < 1) {
            throw new UserException("bench extract: --examples, --batch-tokens and --passes must be positive");
        }
        ModelAlias alias = shape.alias();
        Path tokenizerFile = tokenizer != null ? tokenizer
                : SharedDir.tokenizers().resolve("gpt-neox-20b").resolve("20B_tokenizer.json");
        Path dir = RandomCheckpointCache.safetensors(alias, shape.cache, shape.seed);
        ExtractBenchmark.Result r = ExtractBenchmark.run(new ExtractBenchmark.Settings(dir, device, tokenizerFile,
                intConfig(alias, "max_position_embeddings", 2048), sst2Dev(), batchTokens, layers,
                pooling.stream().map(Pooling::parse).distinct().toList(), passes));
        print(spec.commandLine().getOut(), alias.name(), batchTokens, targetRatio, r);
        return r.met(targetRatio) ? 0 : 1;
    }

    static void print(PrintWriter out, String model, int batchTokens, double targetRatio, ExtractBenchmark.Result r) {
        ModelSpec ms = r.model();
        out.printf("bench extract: random %s-shaped checkpoint (%,d non-embedding parameters, %d layers, hidden %d), "
                        + "%s, float32; %d cores, load average %.1f%n", model, ms.nonEmbeddingParameters(),
                ms.numLayers(), ms.hiddenSize(), r.device(), Runtime.getRuntime().availableProcessors(),
                ProcessCpu.loadAverage());
        out.printf("  data      : first %d SST-2 dev sentences, %,d real tokens (mean %.1f, max %d); hidden states %s, "
                + "pooling %s%n", r.examples(), r.realTokens(), r.realTokens() / (double) r.examples(), r.longest(),
                r.layers(), r.poolings());
        out.printf("  batches   : %d length-sorted batches under %d tokens (batch size x longest); the forward pass packs "
                + "real tokens, so none of the padded layout's %.1f%% padding is computed%n",
                r.batches(), batchTokens, 100 * r.paddingFraction());
        out.printf("  extraction: %.2f s wall (median of %d passes; %.2f s CPU per pass), %,.0f tokens/s, %.1f examples/s%n",
                r.seconds(), r.passes(), r.cpuSeconds(), r.tokensPerSecond(), r.examplesPerSecond());
        out.printf("  useful    : %.1f GFLOP/s (%.3g FLOP, real tokens only)%n", r.gflops(), r.flops());
        out.printf("  matmul    : %.1f GFLOP/s (DJL float32 [%d,%d]x[%d,%d], median of %d products interleaved with "
                        + "the batches)%n", r.matmulGflops(), MatmulReference.M, MatmulReference.K, MatmulReference.K,
                MatmulReference.N, r.matmulProducts());
        out.printf("  ratio     : %.2f of matmul (target >= %.2f)%n", r.ratio(), targetRatio);
        out.printf("  per CPU-s : %.1f useful GFLOP per CPU-second vs %.1f for the matmul: %.2f (process CPU time, less "
                + "sensitive to other processes' load; not the target)%n", r.cpuGflops(), r.matmulCpuGflops(), r.cpuRatio());
        out.printf("  not timed : model load %.2f s (see bench load), warm-up batch %.2f s%n", r.loadSeconds(), r.warmSeconds());
        out.printf("  where the time goes (measured wall time summed over the passes, %% of their %.2f s; the layers' "
                + "time split by a separate measurement of one layer's parts on the same batches):%n", r.passSeconds());
        long sum = 0;
        for (var e : r.breakdown().entrySet()) {
            sum += e.getValue();
            out.printf("    %-52s %8.3f s %6.1f%%%n", e.getKey(), e.getValue() / 1e9, 100 * e.getValue() / 1e9 / r.passSeconds());
        }
        out.printf("    %-52s %8.3f s %6.1f%%%n", "sum", sum / 1e9, 100 * sum / 1e9 / r.passSeconds());
        out.printf("  memory    : %s%n", PeakMemory.describe());
        if (!r.met(targetRatio)) {
            out.printf("MISSED: extraction reached %.2f of the matmul rate, below the target of %.2f%n", r.ratio(), targetRatio);
        }
        out.flush();
    }

    List<String> sst2Dev() {
        Path data = dataDir != null ? dataDir : SharedDir.data();
        if (!Files.isDirectory(data)) {
            throw new UserException("bench extract: no data folder at " + data + "; set W2SG_SHARED or pass --data-dir");
        }
        // SST-2's card keeps the GLUE dev split (872 rows) as its test set
        List<Example> dev = new DatasetLoader(data).load("sst2").testSet();
        if (dev.size() < examples) {
            throw new UserException("bench extract: --examples " + examples + " but SST-2 dev has " + dev.size() + " sentences");
        }
        List<String> texts = new ArrayList<>(examples);
        for (int i = 0; i < examples; i++) texts.add(dev.get(i).text());
        return texts;
    }

    private static int intConfig(ModelAlias alias, String key, int fallback) {
        Object v = alias.config().get(key);
        return v instanceof Number n ? n.intValue() : fallback;
    }
}
