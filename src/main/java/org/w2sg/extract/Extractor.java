package org.w2sg.extract;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.w2sg.model.DecoderModel;
import org.w2sg.model.DecoderStack;
import org.w2sg.model.HiddenRequest;
import org.w2sg.model.TokenBatch;

/**
 * Runs token sequences through a model and pools the requested hidden states: the part of extraction that touches
 * the model. Outputs are numbered layer-major: {@code output = layerSlot * poolings + pooling}.
 */
public final class Extractor {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Extractor.class);
    private final DecoderModel model;
    private final List<Integer> layers;
    private final List<Pooling> poolings;
    private final PaddingSide padding;
    private final Map<Integer, Integer> slotOfIndex = new LinkedHashMap<>();
    private final HiddenRequest request;
    private ExtractionTimings timings;

    public Extractor(DecoderModel model, List<Integer> layers, List<Pooling> poolings, PaddingSide padding) {
        if (layers.isEmpty() || poolings.isEmpty()) throw new IllegalArgumentException("no layer or no pooling asked for");
        this.model = model;
        this.layers = List.copyOf(layers);
        this.poolings = List.copyOf(poolings);
        this.padding = padding;
        for (int i = 0; i < layers.size(); i++) slotOfIndex.put(layers.get(i), i);
        this.request = new HiddenRequest(new TreeSet<>(layers), false, false);
    }

    /** Records where each batch's time goes into {@code t} from now on (benchmarks). */
    public Extractor recordTimings(ExtractionTimings t) {
        this.timings = t;
        return this;
    }

    public int outputs() {
        return layers.size() * poolings.size();
    }

    public int hiddenSize() {
        return model.spec().hiddenSize();
    }

    public List<Integer> layers() {
        return layers;
    }

    public List<Pooling> poolings() {
        return poolings;
    }

    /** Pools one batch; returns [output][row * hidden + h] in the order of {@code sequences}. */
    public float[][] runBatch(int[][] sequences, String[] exampleIds) {
        for (int i = 0; i < sequences.length; i++) {
            if (sequences[i].length == 0) throw new IllegalArgumentException("example " + exampleIds[i] + " has no tokens");
        }
        long t0 = System.nanoTime();
        TokenBatch batch = padding.pad(sequences, model.spec().padTokenId());
        long t1 = System.nanoTime();
        PoolingSink sink = new PoolingSink(batch, slotOfIndex, poolings, exampleIds);
        if (timings == null) {
            model.forward(batch, request, sink);
        } else {
            ExtractionTimings.TimedSink timed = new ExtractionTimings.TimedSink(sink);
            model.forward(batch, request, timed);
            timings.add(t1 - t0, System.nanoTime() - t1, timed.nanos, batch.realTokens(),
                    (long) batch.batchSize() * batch.seqLen());
        }
        return sink.pooled();
    }

    /** The padded batch {@link #runBatch(int[], int[][], String[])} runs for the given examples of {@code all}. */
    public TokenBatch tokenBatch(int[] members, int[][] all) {
        int[][] seqs = new int[members.length][];
        for (int k = 0; k < members.length; k++) seqs[k] = all[members[k]];
        return padding.pad(seqs, model.spec().padTokenId());
    }

    /** Pools the given examples of {@code all} (indices {@code members}) as one batch. */
    public float[][] runBatch(int[] members, int[][] all, String[] allIds) {
        int[][] seqs = new int[members.length][];
        String[] ids = new String[members.length];
        for (int k = 0; k < members.length; k++) {
            seqs[k] = all[members[k]];
            ids[k] = allIds[members[k]];
        }
        return runBatch(seqs, ids);
    }

    /**
     * Pools every sequence with length-sorted batches under {@code batchTokens}; returns [output][example * hidden + h]
     * in input order, whatever the batching.
     */
    public float[][] runAll(int[][] sequences, String[] exampleIds, int batchTokens) {
        BatchPlan plan = BatchPlan.of(lengths(sequences), batchTokens, Integer.MAX_VALUE);
        int h = hiddenSize();
        float[][] out = new float[outputs()][sequences.length * h];
        float[][] pooled = runBatches(plan.batches(), sequences, exampleIds, n -> {});
        int[] members = plan.batches().stream().flatMapToInt(java.util.Arrays::stream).toArray();
        scatter(pooled, members, out, h);
        return out;
    }

    /**
     * Pools several batches (each an array of indices into {@code all}); returns [output][k * hidden + h] with the
     * batches' examples one after another. A model that streams its layers (--max-memory) runs the batches one layer
     * at a time, as many at once as the memory budget holds, so each layer's weights are read once per such chunk
     * rather than once per batch. {@code done} hears the number of examples each finished batch or chunk held.
     */
    public float[][] runBatches(List<int[]> batches, int[][] all, String[] allIds, java.util.function.IntConsumer done) {
        int h = hiddenSize();
        int total = batches.stream().mapToInt(b -> b.length).sum();
        float[][] out = new float[outputs()][total * h];
        int at = 0;
        if (!(model instanceof DecoderStack stack) || !stack.streaming()) {
            for (int[] members : batches) {
                append(runBatch(members, all, allIds), out, at * h);
                at += members.length;
                done.accept(members.length);
            }
            return out;
        }
        int from = 0;
        while (from < batches.size()) {
            int to = chunkEnd(stack, batches, all, from);
            List<TokenBatch> tokenBatches = new ArrayList<>();
            List<PoolingSink> sinks = new ArrayList<>();
            int examples = 0;
            for (int[] members : batches.subList(from, to)) {
                int[][] seqs = new int[members.length][];
                String[] ids = new String[members.length];
                for (int k = 0; k < members.length; k++) {
                    seqs[k] = all[members[k]];
                    ids[k] = allIds[members[k]];
                    if (seqs[k].length == 0) throw new IllegalArgumentException("example " + ids[k] + " has no tokens");
                }
                TokenBatch batch = padding.pad(seqs, model.spec().padTokenId());
                tokenBatches.add(batch);
                sinks.add(new PoolingSink(batch, slotOfIndex, poolings, ids));
                examples += members.length;
            }
            stack.forwardLayerByLayer(tokenBatches, request, sinks);
            for (int k = 0; k < sinks.size(); k++) {
                append(sinks.get(k).pooled(), out, at * h);
                at += batches.get(from + k).length;
            }
            done.accept(examples);
            from = to;
        }
        return out;
    }

    /** The end (exclusive) of the chunk of batches from {@code from} whose hidden states fit the memory budget. */
    private static int chunkEnd(DecoderStack stack, List<int[]> batches, int[][] all, int from) {
        long largest = 0;
        for (int[] b : batches) largest = Math.max(largest, realTokens(b, all));
        final long batchTokens = largest;
        stack.memoryPlan().filter(p -> p.tooSmallFor(batchTokens)).ifPresent(p -> warnOnce(p, batchTokens));
        long fits = stack.memoryPlan().map(p -> p.stateTokens(batchTokens)).orElse(Long.MAX_VALUE);
        long tokens = 0;
        int to = from;
        while (to < batches.size()) {
            long next = realTokens(batches.get(to), all);
            if (to > from && tokens + next > fits) break;
            tokens += next;
            to++;
        }
        return to;
    }

    private static boolean warned;

    private static synchronized void warnOnce(org.w2sg.machine.MemoryPlan p, long batchTokens) {
        if (warned) return;
        warned = true;
        LOG.warn("--max-memory {} MiB is less than one layer ({} MiB), the resident embeddings ({} MiB) and one batch of "
                        + "{} tokens need; running one batch at a time anyway (a smaller --batch-tokens lowers the peak)",
                p.budget() >> 20, p.layerBytes() >> 20, p.residentBytes() >> 20, batchTokens);
    }

    private static long realTokens(int[] members, int[][] all) {
        long n = 0;
        for (int i : members) n += all[i].length;
        return n;
    }

    private static void append(float[][] pooled, float[][] out, int offset) {
        for (int o = 0; o < pooled.length; o++) System.arraycopy(pooled[o], 0, out[o], offset, pooled[o].length);
    }

    /** Copies a batch's pooled rows to their examples' rows of {@code out}. */
    static void scatter(float[][] batchOut, int[] members, float[][] out, int h) {
        for (int o = 0; o < batchOut.length; o++) {
            for (int k = 0; k < members.length; k++) {
                System.arraycopy(batchOut[o], k * h, out[o], members[k] * h, h);
            }
        }
    }

    static int[] lengths(int[][] sequences) {
        int[] l = new int[sequences.length];
        for (int i = 0; i < l.length; i++) l[i] = sequences[i].length;
        return l;
    }

    static List<String> outputNames(List<Integer> layers, List<Pooling> poolings) {
        List<String> names = new ArrayList<>();
        for (int l : layers) for (Pooling p : poolings) names.add(fileName(l, p));
        return names;
    }

    /** The store's file for one layer and pooling, e.g. {@code hidden_06_last.npy}. */
    public static String fileName(int layer, Pooling pooling) {
        return String.format("hidden_%02d_%s.npy", layer, pooling.tag());
    }
}
