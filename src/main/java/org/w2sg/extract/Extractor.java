package org.w2sg.extract;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.w2sg.model.DecoderModel;
import org.w2sg.model.HiddenRequest;
import org.w2sg.model.TokenBatch;

/**
 * Runs token sequences through a model and pools the requested hidden states: the part of extraction that touches
 * the model. Outputs are numbered layer-major: {@code output = layerSlot * poolings + pooling}.
 */
public final class Extractor {
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
        for (int[] members : plan.batches()) scatter(runBatch(members, sequences, exampleIds), members, out, h);
        return out;
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
