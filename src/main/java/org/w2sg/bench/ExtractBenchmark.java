package org.w2sg.bench;

import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.w2sg.extract.BatchPlan;
import org.w2sg.extract.ExtractionTimings;
import org.w2sg.extract.Extractor;
import org.w2sg.extract.LayerSelection;
import org.w2sg.extract.PaddingSide;
import org.w2sg.extract.Pooling;
import org.w2sg.extract.TextTokenizer;
import org.w2sg.hub.WeightFormat;
import org.w2sg.machine.StageClock;
import org.w2sg.model.ComputeTarget;
import org.w2sg.model.DecoderStack;
import org.w2sg.model.ModelOptions;
import org.w2sg.model.ModelSpec;
import org.w2sg.model.Models;
import org.w2sg.model.TokenBatch;

/**
 * Activation extraction as {@code harness extract} runs it (tokenize, length-sorted batches under a token budget,
 * forward pass, on-device pooling, pooled rows to Java), timed pass by pass against a plain DJL float32 matmul measured
 * between the batches, so both see the same load. Throughput counts useful FLOPs: 2 x non-embedding parameters per
 * real token + 4 x layers x hidden x n^2 per sequence of n real tokens (padding does not count).
 */
public final class ExtractBenchmark {
    /** Reference products per pass, spread over its batches (at least two after each batch). */
    static final int MATMUL_SAMPLES = 24;

    private ExtractBenchmark() {}

    /**
     * @param checkpoint a checkpoint folder with model.safetensors
     * @param texts the examples, in order
     * @param layers hidden states to pool ("all", "mid", "i,j,k")
     * @param passes timed passes (one untimed batch runs first)
     */
    public record Settings(Path checkpoint, String device, Path tokenizer, int maxLength, List<String> texts,
                           int batchTokens, String layers, List<Pooling> poolings, int passes) {}

    /**
     * @param seconds median wall time of a pass; {@code passSeconds} their sum
     * @param cpuSeconds process CPU time per pass, less the matmul's
     * @param flops useful FLOPs of one pass
     * @param breakdown measured wall time per part of the run over all passes, in the order a batch meets them
     */
    public record Result(ModelSpec model, String device, List<Integer> layers, List<Pooling> poolings, int examples,
                         long realTokens, int longest, int batches, double paddingFraction, int passes, double seconds,
                         double passSeconds, double cpuSeconds, double flops, double matmulGflops, int matmulProducts,
                         double matmulCpuGflops, double loadSeconds, double warmSeconds, Map<String, Long> breakdown) {
        public double gflops() {
            return flops / seconds / 1e9;
        }

        /** Useful GFLOP/s as a share of the matmul's: the figure the target applies to. */
        public double ratio() {
            return gflops() / matmulGflops;
        }

        public double cpuGflops() {
            return flops / cpuSeconds / 1e9;
        }

        public double cpuRatio() {
            return cpuGflops() / matmulCpuGflops;
        }

        public double tokensPerSecond() {
            return realTokens / seconds;
        }

        public double examplesPerSecond() {
            return examples / seconds;
        }

        public boolean met(double target) {
            return ratio() >= target;
        }
    }

    public static Result run(Settings s) throws java.io.IOException {
        ComputeTarget target = ComputeTarget.resolve(s.device(), "float32");
        List<String> texts = s.texts();
        long loadStart = System.nanoTime();
        try (DecoderStack model = Models.load(s.checkpoint(), new ModelOptions(s.device(), "float32", WeightFormat.SAFETENSORS));
             MatmulReference reference = new MatmulReference(target.device(), DataType.FLOAT32);
             TextTokenizer tok = TextTokenizer.open(s.tokenizer(), s.maxLength())) {
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            ModelSpec ms = model.spec();
            List<Integer> layerIndices = LayerSelection.of(s.layers()).resolve(ms.numLayers());
            Extractor extractor = new Extractor(model, layerIndices, s.poolings(), PaddingSide.RIGHT);
            String[] ids = new String[texts.size()];
            for (int i = 0; i < ids.length; i++) ids[i] = "example:" + i;

            double[] passSeconds = new double[s.passes()];
            List<Double> matmulSeconds = new ArrayList<>();
            long tokenizeNanos = 0;
            long planNanos = 0;
            long warmNanos = 0;
            int[][] sequences = null;
            BatchPlan plan = null;
            ExtractionTimings timings = new ExtractionTimings();
            Map<String, Long> stages = new TreeMap<>();
            long cpuNanos = 0;
            long matmulCpuNanos = 0;
            for (int pass = -1; pass < s.passes(); pass++) {
                // pass -1 runs one batch untimed, so JIT compilation and libtorch's first-call set-up are not billed
                long cpu0 = ProcessCpu.nanos();
                long t0 = System.nanoTime();
                sequences = tok.encodeAll(texts).stream().map(TextTokenizer.Tokens::ids).toArray(int[][]::new);
                long t1 = System.nanoTime();
                plan = BatchPlan.of(lengths(sequences), s.batchTokens(), Integer.MAX_VALUE);
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
            // one untimed measurement of a layer's parts on the same batches, after the timed passes
            List<TokenBatch> batches = new ArrayList<>();
            for (int[] batch : plan.batches()) batches.add(extractor.tokenBatch(batch, sequences));
            LayerParts.Dims shape = LayerParts.of(s.checkpoint());
            Map<String, Long> parts = LayerParts.measure(model, shape, batches, target.device());

            int[] lengths = lengths(sequences);
            long realTokens = 0;
            double flops = 0;
            int deepest = Math.min(ms.numLayers(), layerIndices.getLast());
            double perTokenParams = ms.nonEmbeddingParameters() * (double) deepest / ms.numLayers();
            for (int n : lengths) {
                realTokens += n;
                flops += 2.0 * perTokenParams * n + 4.0 * deepest * ms.hiddenSize() * (double) n * n;
            }
            double[] matmul = matmulSeconds.stream().mapToDouble(Double::doubleValue).toArray();
            return new Result(ms, target.device().toString(), layerIndices, s.poolings(), texts.size(), realTokens,
                    Arrays.stream(lengths).max().orElse(0), plan.batches().size(), plan.paddingFraction(), s.passes(),
                    MatmulReference.median(passSeconds), Arrays.stream(passSeconds).sum(),
                    (cpuNanos - matmulCpuNanos) / 1e9 / s.passes(), flops, MatmulReference.FLOPS / MatmulReference.median(matmul) / 1e9,
                    matmul.length, MatmulReference.FLOPS * matmul.length / (matmulCpuNanos / 1e9) / 1e9, loadSeconds,
                    warmNanos / 1e9, breakdown(tokenizeNanos, planNanos, timings, stages, parts, shape));
        }
    }

    private static int[] lengths(int[][] sequences) {
        int[] lengths = new int[sequences.length];
        for (int i = 0; i < lengths.length; i++) lengths[i] = sequences[i].length;
        return lengths;
    }

    /**
     * Measured wall time per part of the run, in the order a batch goes through them: the stages around the forward
     * pass and its layer boundaries as timed in the passes, the layers' time split by {@link LayerParts}.
     */
    static Map<String, Long> breakdown(long tokenize, long plan, ExtractionTimings t, Map<String, Long> stages,
                                       Map<String, Long> parts, LayerParts.Dims shape) {
        long layers = stages.getOrDefault("layers", 0L);
        long setup = stages.getOrDefault("batch setup", 0L);
        long embed = stages.getOrDefault("embedding", 0L);
        long finalNorm = stages.getOrDefault("final norm", 0L);
        Map<String, Long> inLayers = LayerParts.split(layers, parts);
        Map<String, Long> b = new LinkedHashMap<>();
        b.put("tokenization (DJL HuggingFaceTokenizer, batch)", tokenize);
        b.put("batch plan (length sort)", plan);
        b.put("batch building (padded id/mask arrays in Java)", t.padNanos());
        b.put("batch setup (packing, ids/rotary/masks -> native)", setup);
        b.put("embedding lookup", embed);
        b.put(LayerParts.QKV_OUT, inLayers.getOrDefault(LayerParts.QKV_OUT, 0L));
        b.put(LayerParts.CORE, inLayers.getOrDefault(LayerParts.CORE, 0L));
        b.put(LayerParts.ROTARY, inLayers.getOrDefault(LayerParts.ROTARY, 0L));
        b.put(LayerParts.MLP, inLayers.getOrDefault(LayerParts.MLP, 0L));
        b.put(LayerParts.ACTIVATION + " (" + shape.activation() + ")", inLayers.getOrDefault(LayerParts.ACTIVATION, 0L));
        b.put("layer norms (and the final norm)", inLayers.getOrDefault(LayerParts.NORMS, 0L) + finalNorm);
        b.put(LayerParts.REST, inLayers.get(LayerParts.REST));
        b.put("pooling (on device, finite check, rows -> Java)", t.poolNanos());
        b.put("rest of forward (per-batch managers, JNI)", Math.max(0, t.forwardNanos() - setup - embed - layers - finalNorm));
        return b;
    }
}
