package org.w2sg.cli;

import ai.djl.ndarray.types.DataType;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.w2sg.bench.MatmulReference;
import org.w2sg.bench.PeakMemory;
import org.w2sg.bench.ProcessCpu;
import org.w2sg.data.DatasetLoader;
import org.w2sg.data.Example;
import org.w2sg.errors.UserException;
import org.w2sg.extract.BatchPlan;
import org.w2sg.extract.ExtractionTimings;
import org.w2sg.extract.Extractor;
import org.w2sg.extract.LayerSelection;
import org.w2sg.extract.PaddingSide;
import org.w2sg.extract.Pooling;
import org.w2sg.extract.TextTokenizer;
import org.w2sg.hub.WeightFormat;
import org.w2sg.io.SharedDir;
import org.w2sg.machine.StageClock;
import org.w2sg.model.ComputeTarget;
import org.w2sg.model.DecoderStack;
import org.w2sg.model.ModelOptions;
import org.w2sg.model.ModelSpec;
import org.w2sg.model.Models;
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

    /** Reference products per pass, spread over its batches (at least two after each batch). */
    static final int MATMUL_SAMPLES = 24;

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
        PrintWriter out = spec.commandLine().getOut();
        ModelAlias alias = shape.alias();
        ComputeTarget target = ComputeTarget.resolve(device, "float32");
        List<String> texts = sst2Dev();
        Path tokenizerFile = tokenizer != null ? tokenizer
                : SharedDir.tokenizers().resolve("gpt-neox-20b").resolve("20B_tokenizer.json");
        Path dir = RandomCheckpointCache.safetensors(alias, shape.cache, shape.seed);

        long loadStart = System.nanoTime();
        try (DecoderStack model = Models.load(dir, new ModelOptions(device, "float32", WeightFormat.SAFETENSORS));
             MatmulReference reference = new MatmulReference(target.device(), DataType.FLOAT32)) {
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            ModelSpec ms = model.spec();
            List<Integer> layerIndices = LayerSelection.of(layers).resolve(ms.numLayers());
            List<Pooling> poolings = pooling.stream().map(Pooling::parse).distinct().toList();
            int maxLength = intConfig(alias, "max_position_embeddings", 2048);
            Extractor extractor = new Extractor(model, layerIndices, poolings, PaddingSide.RIGHT);
            String[] ids = new String[texts.size()];
            for (int i = 0; i < ids.length; i++) ids[i] = "sst2-dev:" + i;

            double[] passSeconds = new double[passes];
            List<Double> matmulSeconds = new ArrayList<>();
            long tokenizeNanos = 0;
            long planNanos = 0;
            long warmNanos = 0;
            int[] lengths = null;
            BatchPlan plan = null;
            ExtractionTimings timings = new ExtractionTimings();
            Map<String, Long> stages = new java.util.TreeMap<>();
            long cpuNanos = 0;
            long matmulCpuNanos = 0;
            try (TextTokenizer tok = TextTokenizer.open(tokenizerFile, maxLength)) {
                for (int pass = -1; pass < passes; pass++) {
                    // pass -1 runs one batch untimed, so JIT compilation and libtorch's first-call set-up are not billed
                    long cpu0 = ProcessCpu.nanos();
                    long t0 = System.nanoTime();
                    int[][] sequences = tok.encodeAll(texts).stream().map(TextTokenizer.Tokens::ids).toArray(int[][]::new);
                    long t1 = System.nanoTime();
                    lengths = new int[sequences.length];
                    for (int i = 0; i < lengths.length; i++) lengths[i] = sequences[i].length;
                    plan = BatchPlan.of(lengths, batchTokens, Integer.MAX_VALUE);
                    long t2 = System.nanoTime();
                    if (pass < 0) {
                        extractor.runBatch(plan.batches().get(0), sequences, ids);
                        warmNanos = System.nanoTime() - t2;
                        continue;
                    }
                    extractor.recordTimings(timings);
                    StageClock.start();
                    long batchNanos = 0;
                    for (int[] batch : plan.batches()) {
                        long b0 = System.nanoTime();
                        extractor.runBatch(batch, sequences, ids);
                        batchNanos += System.nanoTime() - b0;
                        // reference products between batches, so both see the same load on a shared machine
                        long m0 = ProcessCpu.nanos();
                        int products = Math.max(2, (MATMUL_SAMPLES + plan.batches().size() - 1) / plan.batches().size());
                        for (int j = 0; j < products; j++) matmulSeconds.add(reference.seconds());
                        matmulCpuNanos += ProcessCpu.nanos() - m0;
                    }
                    StageClock.stop().forEach((k, v) -> stages.merge(k, v, Long::sum));
                    cpuNanos += ProcessCpu.nanos() - cpu0;
                    tokenizeNanos += t1 - t0;
                    planNanos += t2 - t1;
                    passSeconds[pass] = (t2 - t0 + batchNanos) / 1e9;
                }
            }
            double matmul = MatmulReference.FLOPS
                    / MatmulReference.median(matmulSeconds.stream().mapToDouble(Double::doubleValue).toArray()) / 1e9;
            double seconds = MatmulReference.median(passSeconds);
            double totalSeconds = java.util.Arrays.stream(passSeconds).sum();
            double cpuSeconds = (cpuNanos - matmulCpuNanos) / 1e9 / passes;
            double matmulCpuGflops = MatmulReference.FLOPS * matmulSeconds.size() / (matmulCpuNanos / 1e9) / 1e9;
            long realTokens = 0;
            double flops = 0;
            int deepest = Math.min(ms.numLayers(), layerIndices.getLast());
            double perTokenParams = ms.nonEmbeddingParameters() * (double) deepest / ms.numLayers();
            for (int n : lengths) {
                realTokens += n;
                flops += 2.0 * perTokenParams * n + 4.0 * deepest * ms.hiddenSize() * (double) n * n;
            }
            double gflops = flops / seconds / 1e9;
            double ratio = gflops / matmul;
            double cpuRatio = flops / cpuSeconds / 1e9 / matmulCpuGflops;

            out.printf("bench extract: random %s-shaped checkpoint (%,d non-embedding parameters, %d layers, hidden %d), "
                            + "%s, float32; %d cores, load average %.1f%n", alias.name(), ms.nonEmbeddingParameters(),
                    ms.numLayers(), ms.hiddenSize(), target.device(), Runtime.getRuntime().availableProcessors(),
                    org.w2sg.bench.ProcessCpu.loadAverage());
            out.printf("  data      : first %d SST-2 dev sentences, %,d real tokens (mean %.1f, max %d); hidden states %s, "
                            + "pooling %s%n", texts.size(), realTokens, realTokens / (double) texts.size(),
                    java.util.Arrays.stream(lengths).max().orElse(0), layerIndices, poolings);
            out.printf("  batches   : %d length-sorted batches under %d tokens (batch size x longest); the forward pass packs "
                    + "real tokens, so none of the padded layout's %.1f%% padding is computed%n",
                    plan.batches().size(), batchTokens, 100 * plan.paddingFraction());
            out.printf("  extraction: %.2f s wall (median of %d passes; %.2f s CPU per pass), %,.0f tokens/s, %.1f examples/s%n",
                    seconds, passes, cpuSeconds, realTokens / seconds, texts.size() / seconds);
            out.printf("  useful    : %.1f GFLOP/s (%.3g FLOP, real tokens only)%n", gflops, flops);
            out.printf("  matmul    : %.1f GFLOP/s (DJL float32 [%d,%d]x[%d,%d], median of %d products interleaved with "
                            + "the batches)%n", matmul, MatmulReference.M, MatmulReference.K, MatmulReference.K,
                    MatmulReference.N, matmulSeconds.size());
            out.printf("  ratio     : %.2f of matmul (target >= %.2f)%n", ratio, targetRatio);
            out.printf("  per CPU-s : %.1f useful GFLOP per CPU-second vs %.1f for the matmul: %.2f (process CPU time, less "
                    + "sensitive to other processes' load; not the target)%n", flops / cpuSeconds / 1e9, matmulCpuGflops, cpuRatio);
            out.printf("  not timed : model load %.2f s (see bench load), warm-up batch %.2f s%n", loadSeconds, warmNanos / 1e9);
            printBreakdown(out, breakdown(tokenizeNanos, planNanos, timings, stages, intConfig(alias, "intermediate_size",
                    4 * ms.hiddenSize())), totalSeconds);
            out.printf("  memory    : %s%n", PeakMemory.describe());
            boolean met = ratio >= targetRatio;
            if (!met) out.printf("MISSED: extraction reached %.2f of the matmul rate, below the target of %.2f%n", ratio, targetRatio);
            out.flush();
            return met ? 0 : 1;
        }
    }

    /** Measured wall time per part of the run, in the order a batch goes through them. */
    static Map<String, Long> breakdown(long tokenize, long plan, ExtractionTimings t, Map<String, Long> stages,
                                       int intermediate) {
        long attentionLinear = 0;
        long mlpLinear = 0;
        for (var e : stages.entrySet()) {
            if (!e.getKey().startsWith("linear ")) continue;
            String[] dims = e.getKey().substring(7).split("x");
            long outF = Long.parseLong(dims[0]);
            long inF = Long.parseLong(dims[1]);
            // MLP projections are the ones into or out of the intermediate width (x2 when gate and up are fused)
            if (outF >= intermediate || inF >= intermediate) mlpLinear += e.getValue();
            else attentionLinear += e.getValue();
        }
        long core = stages.getOrDefault("attention core", 0L);
        long rotary = stages.getOrDefault("rotary", 0L);
        long act = stages.getOrDefault("activation", 0L);
        long norm = stages.getOrDefault("norm", 0L);
        long finalNorm = stages.getOrDefault("final norm", 0L);
        long layers = stages.getOrDefault("layers", 0L);
        long setup = stages.getOrDefault("batch setup", 0L);
        long embed = stages.getOrDefault("embedding", 0L);
        long inLayers = attentionLinear + mlpLinear + core + rotary + act + norm;
        Map<String, Long> b = new LinkedHashMap<>();
        b.put("tokenization (DJL HuggingFaceTokenizer, batch)", tokenize);
        b.put("batch plan (length sort)", plan);
        b.put("batch building (padded id/mask arrays in Java)", t.padNanos());
        b.put("batch setup (packing, ids/rotary/masks -> native)", setup);
        b.put("embedding lookup", embed);
        b.put("attention: qkv + output GEMMs", attentionLinear);
        b.put("attention: scores, mask, softmax, context", core);
        b.put("attention: rotary", rotary);
        b.put("MLP: up + down GEMMs", mlpLinear);
        b.put("MLP: activation (exact GELU)", act);
        b.put("layer norms (and the final norm)", norm + finalNorm);
        b.put("residual adds, reshapes, per-layer bookkeeping", Math.max(0, layers - inLayers));
        b.put("pooling (on device, finite check, rows -> Java)", t.poolNanos());
        b.put("rest of forward (per-batch managers, JNI)", Math.max(0, t.forwardNanos() - setup - embed - layers - finalNorm));
        return b;
    }

    private static void printBreakdown(PrintWriter out, Map<String, Long> parts, double seconds) {
        out.printf("  where the time goes (measured wall time summed over the passes, %% of their %.2f s):%n", seconds);
        long sum = 0;
        for (var e : parts.entrySet()) {
            sum += e.getValue();
            out.printf("    %-52s %8.3f s %6.1f%%%n", e.getKey(), e.getValue() / 1e9, 100 * e.getValue() / 1e9 / seconds);
        }
        out.printf("    %-52s %8.3f s %6.1f%%%n", "sum", sum / 1e9, 100 * sum / 1e9 / seconds);
    }

    private List<String> sst2Dev() {
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
