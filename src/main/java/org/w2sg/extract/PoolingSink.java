package org.w2sg.extract;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import ai.djl.ndarray.NDList;
import org.w2sg.model.HiddenStateSink;
import org.w2sg.model.PackedTokens;
import org.w2sg.model.TokenBatch;

/**
 * Pools each requested hidden state of one batch on the device, inside the forward pass, so only [batch, hidden] per
 * output crosses to Java: last real token (a row gather) and/or the mean over real tokens (a masked sum). Also checks
 * that every real position is finite. Temporaries live in a scratch manager closed at the end of each call.
 */
final class PoolingSink implements HiddenStateSink {
    private final TokenBatch batch;
    private final Map<Integer, Integer> slotOfIndex;
    private final List<Pooling> poolings;
    private final String[] exampleIds;
    /** [output][row * hidden + h], output = slot * poolings + pooling. */
    private final float[][] out;
    private int hidden = -1;

    PoolingSink(TokenBatch batch, Map<Integer, Integer> slotOfIndex, List<Pooling> poolings, String[] exampleIds) {
        this.batch = batch;
        this.slotOfIndex = slotOfIndex;
        this.poolings = poolings;
        this.exampleIds = exampleIds;
        this.out = new float[slotOfIndex.size() * poolings.size()][];
    }

    float[][] pooled() {
        for (int o = 0; o < out.length; o++) {
            if (out[o] == null) throw new IllegalStateException("the model produced no hidden state for output " + o);
        }
        return out;
    }

    int hiddenSize() {
        return hidden;
    }

    @Override
    public void hidden(int index, NDArray value) {
        Integer slot = slotOfIndex.get(index);
        if (slot == null) return;
        int b = batch.batchSize();
        int s = batch.seqLen();
        int h = Math.toIntExact(value.getShape().get(2));
        hidden = h;
        try (NDManager scratch = value.getManager().newSubManager()) {
            value.tempAttach(scratch);
            // DJL's where does not broadcast the condition: expand the mask to [b, s, h] (a view, no copy)
            NDArray real = scratch.create(toFloats(batch.attentionMask()), new Shape(b, s, 1)).toType(DataType.BOOLEAN, false)
                    .broadcast(value.getShape());
            NDArray masked = NDArrays.where(real, value, scratch.zeros(new Shape(1), value.getDataType()));
            NDArray sums = masked.sum(new int[] {1});
            // the masked sum is finite exactly when every real position is (short of float overflow)
            if (!Float.isFinite(sums.sum().toType(DataType.FLOAT32, false).getFloat())) {
                throw locate(index, value, real);
            }
            for (int p = 0; p < poolings.size(); p++) {
                NDArray pooled = switch (poolings.get(p)) {
                    case LAST -> value.reshape(b * (long) s, h).get(scratch.create(lastRows(b, s)));
                    case MEAN -> sums.div(scratch.create(realCounts(b), new Shape(b, 1)));
                };
                out[slot * poolings.size() + p] = pooled.toType(DataType.FLOAT32, false).toFloatArray();
            }
        }
    }

    @Override
    public boolean acceptsPacked() {
        return true;
    }

    /** The same pooling on the forward pass's packed real tokens: no mask needed, nothing padded to skip. */
    @Override
    public void hiddenPacked(int index, NDArray value, PackedTokens tokens) {
        Integer slot = slotOfIndex.get(index);
        if (slot == null) return;
        int b = batch.batchSize();
        hidden = Math.toIntExact(value.getShape().get(1));
        try (NDManager scratch = value.getManager().newSubManager()) {
            value.tempAttach(scratch);
            // every packed row is a real token: the sum is finite exactly when every value is (short of float overflow)
            if (!Float.isFinite(value.sum().toType(DataType.FLOAT32, false).getFloat())) {
                throw locatePacked(index, value, tokens);
            }
            for (int p = 0; p < poolings.size(); p++) {
                NDArray pooled = switch (poolings.get(p)) {
                    case LAST -> {
                        long[] last = new long[b];
                        for (int i = 0; i < b; i++) last[i] = tokens.lastToken(i);
                        yield value.get(scratch.create(last));
                    }
                    case MEAN -> packedMeans(value, tokens, scratch);
                };
                out[slot * poolings.size() + p] = pooled.toType(DataType.FLOAT32, false).toFloatArray();
            }
        }
    }

    /** Per sequence mean over its tokens, [batch, hidden] in batch row order: one sum per run of equal lengths. */
    private static NDArray packedMeans(NDArray value, PackedTokens tokens, NDManager scratch) {
        long h = value.getShape().get(1);
        NDList means = new NDList();
        for (PackedTokens.Segment seg : tokens.segments()) {
            long from = seg.firstToken();
            long to = from + (long) seg.count() * seg.length();
            means.add(value.get(from + ":" + to).reshape(seg.count(), seg.length(), h).sum(new int[] {1})
                    .div((float) seg.length()));
        }
        NDArray packedOrder = means.size() == 1 ? means.get(0) : NDArrays.concat(means, 0);
        int[] order = tokens.order();
        long[] positionOfRow = new long[order.length];
        for (int k = 0; k < order.length; k++) positionOfRow[order[k]] = k;
        return packedOrder.get(scratch.create(positionOfRow));
    }

    private NonFiniteActivationException locatePacked(int index, NDArray value, PackedTokens tokens) {
        float[] nan = value.isNaN().toType(DataType.FLOAT32, false).sum(new int[] {1}).toFloatArray();
        float[] inf = value.isInfinite().toType(DataType.FLOAT32, false).sum(new int[] {1}).toFloatArray();
        for (int row = 0; row < batch.batchSize(); row++) {
            for (int t = tokens.firstToken(row); t <= tokens.lastToken(row); t++) {
                if (nan[t] > 0) return new NonFiniteActivationException(index, exampleIds[row], "NaN");
                if (inf[t] > 0) return new NonFiniteActivationException(index, exampleIds[row], "Inf");
            }
        }
        return new NonFiniteActivationException(index, String.join(", ", exampleIds), "overflow to Inf (sum of a batch)");
    }

    private NonFiniteActivationException locate(int index, NDArray value, NDArray real) {
        float[] nanRows = countPerRow(value.isNaN().logicalAnd(real));
        float[] infRows = countPerRow(value.isInfinite().logicalAnd(real));
        for (int i = 0; i < nanRows.length; i++) {
            if (nanRows[i] > 0) return new NonFiniteActivationException(index, exampleIds[i], "NaN");
            if (infRows[i] > 0) return new NonFiniteActivationException(index, exampleIds[i], "Inf");
        }
        return new NonFiniteActivationException(index, String.join(", ", exampleIds), "overflow to Inf (sum of a batch)");
    }

    private static float[] countPerRow(NDArray flags) {
        return flags.toType(DataType.FLOAT32, false).sum(new int[] {1, 2}).toFloatArray();
    }

    private long[] lastRows(int b, int s) {
        long[] rows = new long[b];
        for (int i = 0; i < b; i++) rows[i] = (long) i * s + batch.lastRealIndex(i);
        return rows;
    }

    private float[] realCounts(int b) {
        float[] n = new float[b];
        int s = batch.seqLen();
        for (int i = 0; i < b; i++) {
            for (int t = 0; t < s; t++) n[i] += batch.attentionMask()[i * s + t];
        }
        return n;
    }

    private static float[] toFloats(long[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) f[i] = a[i];
        return f;
    }
}
