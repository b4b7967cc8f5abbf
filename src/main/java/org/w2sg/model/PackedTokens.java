package org.w2sg.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A batch's real tokens, packed one sequence after another with no padding, which is how the forward pass runs them:
 * every per-token operation (projections, MLP, norms) then computes only real tokens, whatever padding the batch has.
 * Sequences are ordered longest first (ties in batch order), so sequences of equal length are adjacent and attention
 * runs on each such run ({@link Segment}) as one [count, length] block with a plain causal mask. Keeping each
 * sequence's real tokens in their order, with their position ids, gives exactly the numbers the padded computation
 * gives at real positions: a padded key is masked there, and a real query never sees it.
 */
public final class PackedTokens {
    /** {@code count} sequences of {@code length} tokens, starting at packed token {@code firstToken}. */
    public record Segment(int firstToken, int count, int length) {}

    private final TokenBatch batch;
    private final int[] order;
    private final int[] lengths;
    private final int[] firstToken;
    private final long[] ids;
    private final long[] positions;
    private final long[] paddedRow;
    private final List<Segment> segments;

    private PackedTokens(TokenBatch batch, int[] order, int[] lengths, int[] firstToken, long[] ids, long[] positions,
                         long[] paddedRow, List<Segment> segments) {
        this.batch = batch;
        this.order = order;
        this.lengths = lengths;
        this.firstToken = firstToken;
        this.ids = ids;
        this.positions = positions;
        this.paddedRow = paddedRow;
        this.segments = segments;
    }

    public static PackedTokens of(TokenBatch batch) {
        int b = batch.batchSize();
        int s = batch.seqLen();
        long[] mask = batch.attentionMask();
        int[] lengths = new int[b];
        int total = 0;
        for (int i = 0; i < b; i++) {
            for (int t = 0; t < s; t++) if (mask[i * s + t] != 0) lengths[i]++;
            if (lengths[i] == 0) throw new IllegalArgumentException("row " + i + " of the batch has no real token");
            total += lengths[i];
        }
        Integer[] boxed = new Integer[b];
        for (int i = 0; i < b; i++) boxed[i] = i;
        Arrays.sort(boxed, Comparator.<Integer>comparingInt(i -> -lengths[i]).thenComparingInt(i -> i));
        int[] order = Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
        int[] firstToken = new int[b];
        long[] ids = new long[total];
        long[] positions = new long[total];
        long[] paddedRow = new long[total];
        List<Segment> segments = new ArrayList<>();
        int at = 0;
        for (int k = 0; k < b; k++) {
            int row = order[k];
            firstToken[row] = at;
            if (segments.isEmpty() || segments.getLast().length() != lengths[row]) {
                segments.add(new Segment(at, 1, lengths[row]));
            } else {
                Segment last = segments.removeLast();
                segments.add(new Segment(last.firstToken(), last.count() + 1, last.length()));
            }
            for (int t = 0; t < s; t++) {
                int cell = row * s + t;
                if (mask[cell] == 0) continue;
                ids[at] = batch.inputIds()[cell];
                positions[at] = batch.positionIds()[cell];
                paddedRow[at] = cell;
                at++;
            }
        }
        return new PackedTokens(batch, order, lengths, firstToken, ids, positions, paddedRow, List.copyOf(segments));
    }

    public TokenBatch batch() {
        return batch;
    }

    /** Real tokens in the batch. */
    public int tokens() {
        return ids.length;
    }

    /** Token ids in packed order. */
    public long[] ids() {
        return ids;
    }

    /** Position ids (rotary) in packed order, as the batch gives them. */
    public long[] positions() {
        return positions;
    }

    public List<Segment> segments() {
        return segments;
    }

    /** Real tokens of batch row {@code row}. */
    public int length(int row) {
        return lengths[row];
    }

    /** Packed index of the first real token of batch row {@code row}. */
    public int firstToken(int row) {
        return firstToken[row];
    }

    /** Packed index of the last real token of batch row {@code row}. */
    public int lastToken(int row) {
        return firstToken[row] + lengths[row] - 1;
    }

    /** Batch rows in packed order. */
    public int[] order() {
        return order.clone();
    }

    /** Whether packing drops nothing and keeps the batch's layout (no padding, rows already longest first). */
    public boolean isPadded() {
        return ids.length != batch.batchSize() * batch.seqLen();
    }

    /**
     * The packed rows [tokens, features] laid out as the batch, [batch, seq, features], zero at padded positions: for
     * consumers that want the padded layout (the forward command, tests).
     */
    public NDArray unpack(NDArray packed, NDManager manager) {
        long features = packed.getShape().get(packed.getShape().dimension() - 1);
        Shape padded = new Shape(batch.batchSize(), batch.seqLen(), features);
        if (!isPadded() && isIdentityOrder()) return packed.reshape(padded);
        NDArray out = manager.zeros(new Shape((long) batch.batchSize() * batch.seqLen(), features), packed.getDataType());
        out.set(new NDIndex("{}", manager.create(paddedRow)), packed);
        return out.reshape(padded);
    }

    private boolean isIdentityOrder() {
        for (int k = 0; k < order.length; k++) if (order[k] != k) return false;
        return true;
    }
}
