package org.w2sg.extract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w2sg.model.PackedTokens;
import org.w2sg.model.TokenBatch;

/** Pooling the forward pass's packed tokens gives what pooling the padded [batch, seq, hidden] layout gives. */
class PackedPoolingTest {
    static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** Rows of lengths 3, 5, 3, 1 (so the packed order 1, 0, 2, 3 differs from batch order), padded left and right. */
    static TokenBatch batch(boolean left) {
        int[][] seqs = {{5, 6, 7}, {1, 2, 3, 4, 5}, {9, 9, 9}, {4}};
        return left ? TokenBatch.leftPadded(seqs, 0) : TokenBatch.rightPadded(seqs, 0);
    }

    static float[] padded(TokenBatch b, int h, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[b.batchSize() * b.seqLen() * h];
        for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
        return v;
    }

    /** The real rows of the padded array, in packed order. */
    static float[] packedRows(TokenBatch b, PackedTokens p, float[] padded, int h) {
        float[] out = new float[p.tokens() * h];
        int at = 0;
        for (int row : p.order()) {
            for (int t = 0; t < b.seqLen(); t++) {
                if (b.attentionMask()[row * b.seqLen() + t] == 0) continue;
                System.arraycopy(padded, (row * b.seqLen() + t) * h, out, at * h, h);
                at++;
            }
        }
        return out;
    }

    @Test
    void lastAndMeanMatchThePaddedLayoutBothPaddingSides() {
        int h = 6;
        for (boolean left : new boolean[] {false, true}) {
            TokenBatch b = batch(left);
            PackedTokens p = PackedTokens.of(b);
            assertArrayEquals(new int[] {1, 0, 2, 3}, p.order());
            assertEquals(12, p.tokens());
            float[] dense = padded(b, h, 7);
            String[] ids = {"a", "b", "c", "d"};
            PoolingSink viaPadded = new PoolingSink(b, Map.of(3, 0), List.of(Pooling.LAST, Pooling.MEAN), ids);
            PoolingSink viaPacked = new PoolingSink(b, Map.of(3, 0), List.of(Pooling.LAST, Pooling.MEAN), ids);
            try (NDManager m = manager.newSubManager()) {
                viaPadded.hidden(3, m.create(dense, new Shape(b.batchSize(), b.seqLen(), h)));
                viaPacked.hiddenPacked(3, m.create(packedRows(b, p, dense, h), new Shape(p.tokens(), h)), p);
            }
            assertArrayEquals(viaPadded.pooled()[0], viaPacked.pooled()[0], 0f, "last, left=" + left);
            assertArrayEquals(viaPadded.pooled()[1], viaPacked.pooled()[1], 1e-6f, "mean, left=" + left);
        }
    }

    @Test
    void aNaNInAPackedTokenNamesItsExample() {
        int h = 4;
        TokenBatch b = batch(false);
        PackedTokens p = PackedTokens.of(b);
        float[] rows = packedRows(b, p, padded(b, h, 3), h);
        rows[p.firstToken(2) * h + 1] = Float.NaN;
        PoolingSink sink = new PoolingSink(b, Map.of(1, 0), List.of(Pooling.LAST), new String[] {"a", "b", "c", "d"});
        NonFiniteActivationException e;
        try (NDManager m = manager.newSubManager()) {
            NDArray value = m.create(rows, new Shape(p.tokens(), h));
            e = assertThrows(NonFiniteActivationException.class, () -> sink.hiddenPacked(1, value, p));
        }
        assertEquals("c", e.exampleId());
        assertEquals(1, e.hiddenIndex());
    }
}
