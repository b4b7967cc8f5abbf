package org.w2sg.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import java.util.SplittableRandom;
import me.tongfei.progressbar.ProgressBar;
import org.w2sg.hub.WeightFormat;
import org.w2sg.model.ComputeTarget;
import org.w2sg.model.DecoderStack;
import org.w2sg.model.HiddenRequest;
import org.w2sg.model.HiddenStateSink;
import org.w2sg.model.ModelOptions;
import org.w2sg.model.ModelSpec;
import org.w2sg.model.Models;
import org.w2sg.model.TokenBatch;

/**
 * The forward pass on full batches of random tokens, every hidden state requested and no LM head (as extraction runs
 * it), batch by batch against a plain DJL matmul measured between the batches, so both see the same load. Achieved
 * FLOPs: 2 x non-embedding parameters per token + 4 x layers x hidden x seq^2 per sequence. On a GPU it also measures
 * a [8192,8192]x[8192,8192] matmul in the same type, the card's practical peak.
 */
public final class ForwardBenchmark {
    /** The least share of the matmul's GFLOP/s that passes. */
    public static final double BAR = 0.5;
    static final int MATMULS_PER_BATCH = 3;

    private ForwardBenchmark() {}

    /** @param seed of the random token ids */
    public record Settings(Path checkpoint, String device, String dtype, int batchSize, int seqLen, int iterations,
                           int warmup, long seed) {}

    /**
     * @param seconds median wall time of a batch
     * @param gpuPeakTflops the large matmul's TFLOP/s on a GPU; NaN elsewhere
     */
    public record Result(ModelSpec model, String device, String dtype, int batchSize, int seqLen, int iterations,
                         double seconds, double flops, double matmulGflops, int matmulProducts, double gpuPeakTflops) {
        public long tokens() {
            return (long) batchSize * seqLen;
        }

        public double tokensPerSecond() {
            return tokens() / seconds;
        }

        public double gflops() {
            return flops / seconds / 1e9;
        }

        public double ratio() {
            return gflops() / matmulGflops;
        }

        public boolean met() {
            return ratio() >= BAR;
        }
    }

    public static Result run(Settings s) {
        ComputeTarget target = ComputeTarget.resolve(s.device(), s.dtype());
        try (DecoderStack model = Models.load(s.checkpoint(), new ModelOptions(s.device(), s.dtype(), WeightFormat.SAFETENSORS))) {
            ModelSpec spec = model.spec();
            TokenBatch batch = randomBatch(spec.vocabSize(), s);
            HiddenRequest all = HiddenRequest.all(spec.numLayers(), false);
            Syncing sink = new Syncing(spec.numLayers());
            for (int i = 0; i < s.warmup(); i++) model.forward(batch, all, sink);
            double[] seconds = new double[s.iterations()];
            double[] matmulSeconds = new double[s.iterations() * MATMULS_PER_BATCH];
            try (MatmulReference reference = new MatmulReference(target.device(), target.dtype());
                 ProgressBar bar = org.w2sg.io.ProgressBars.builder("bench forward").setInitialMax(s.iterations()).build()) {
                for (int i = 0; i < s.iterations(); i++) {
                    long t0 = System.nanoTime();
                    model.forward(batch, all, sink);
                    seconds[i] = (System.nanoTime() - t0) / 1e9;
                    for (int j = 0; j < MATMULS_PER_BATCH; j++) matmulSeconds[i * MATMULS_PER_BATCH + j] = reference.seconds();
                    bar.step();
                }
            }
            double flops = 2.0 * spec.nonEmbeddingParameters() * batch.batchSize() * batch.seqLen()
                    + 4.0 * spec.numLayers() * spec.hiddenSize() * (double) s.seqLen() * s.seqLen() * s.batchSize();
            double peak = Double.NaN;
            if (target.device().isGpu()) {
                // the small reference is latency-bound on a GPU: also measure the card's practical peak
                int p = MatmulReference.GPU_PEAK;
                try (MatmulReference big = new MatmulReference(target.device(), target.dtype(), p, p, p)) {
                    peak = big.gflops(5) / 1e3;
                }
            }
            return new Result(spec, target.device().toString(), s.dtype(), s.batchSize(), s.seqLen(), s.iterations(),
                    MatmulReference.median(seconds), flops, MatmulReference.FLOPS / MatmulReference.median(matmulSeconds) / 1e9,
                    matmulSeconds.length, peak);
        }
    }

    private static TokenBatch randomBatch(int vocab, Settings s) {
        SplittableRandom r = new SplittableRandom(s.seed());
        int n = s.batchSize() * s.seqLen();
        long[] ids = new long[n];
        long[] mask = new long[n];
        long[] pos = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = r.nextInt(vocab);
            mask[i] = 1;
            pos[i] = i % s.seqLen();
        }
        return new TokenBatch(s.batchSize(), s.seqLen(), ids, mask, pos);
    }

    /** Reads one value of the deepest hidden state, so the timing includes all queued device work. */
    private record Syncing(int deepest) implements HiddenStateSink {
        @Override
        public void hidden(int index, NDArray value) {
            if (index == deepest) value.get(0, 0, 0).toType(DataType.FLOAT32, false).getFloat();
        }
    }
}
