package org.w2sg.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.util.List;

/**
 * Scaled dot-product attention over heads, softmax(q k^T * scale + mask) v, with grouped key/value heads: the
 * query heads that share a key/value head are folded into its rows, so keys and values are never repeated in memory.
 */
public final class Attention {
    private Attention() {}

    /**
     * Attention over a batch's packed real tokens: each run of equal-length sequences is one [count, length] block
     * under a causal mask, so no padded position is ever computed.
     *
     * @param q [tokens, heads, headDim], packed as {@code context.packed()}
     * @param k [tokens, kvHeads, headDim]
     * @param v [tokens, kvHeads, headDim]
     * @return [tokens, heads * headDim], heads contiguous per token as the output projection expects
     */
    public static NDArray packed(NDArray q, NDArray k, NDArray v, AttentionContext context, double scale) {
        List<PackedTokens.Segment> segments = context.packed().segments();
        NDList outputs = new NDList(segments.size());
        for (PackedTokens.Segment seg : segments) {
            long from = seg.firstToken();
            long to = from + (long) seg.count() * seg.length();
            NDIndex rows = new NDIndex(from + ":" + to);
            outputs.add(apply(block(q, rows, seg), block(k, rows, seg), block(v, rows, seg), context.mask(seg.length()),
                    scale));
        }
        return outputs.size() == 1 ? outputs.get(0) : NDArrays.concat(outputs, 0);
    }

    private static NDArray block(NDArray x, NDIndex rows, PackedTokens.Segment seg) {
        NDArray part = seg.firstToken() == 0 && (long) seg.count() * seg.length() == x.getShape().get(0) ? x : x.get(rows);
        return part.reshape(seg.count(), seg.length(), x.getShape().get(1), x.getShape().get(2));
    }

    /**
     * @param q [batch, seq, heads, headDim]
     * @param k [batch, seq, kvHeads, headDim]
     * @param v [batch, seq, kvHeads, headDim]
     * @param mask additive, broadcastable to [batch, heads, seq, seq]
     * @return [batch * seq, heads * headDim], heads contiguous per token as the output projection expects
     */
    public static NDArray apply(NDArray q, NDArray k, NDArray v, NDArray mask, double scale) {
        long b = q.getShape().get(0);
        long s = q.getShape().get(1);
        long heads = q.getShape().get(2);
        long d = q.getShape().get(3);
        long kvHeads = k.getShape().get(2);
        long group = heads / kvHeads;
        NDArray scaled = q.transpose(0, 2, 1, 3).mul((float) scale);
        if (group > 1) scaled = scaled.reshape(b, kvHeads, group * s, d);
        NDArray scores = scaled.matMul(k.transpose(0, 2, 3, 1));
        if (group > 1) scores = scores.reshape(b, heads, s, s);
        // Softmax in float32 whatever the compute type (as transformers does), so masked and fully masked rows never
        // overflow float16 into -inf and NaN.
        boolean narrow = scores.getDataType() != DataType.FLOAT32;
        NDArray probs = (narrow ? scores.toType(DataType.FLOAT32, false) : scores).addi(mask).softmax(3);
        if (narrow) probs = probs.toType(q.getDataType(), false);
        if (group > 1) probs = probs.reshape(b, kvHeads, group * s, s);
        NDArray context = probs.matMul(v.transpose(0, 2, 1, 3));
        return context.reshape(b, heads, s, d).transpose(0, 2, 1, 3).reshape(b * s, heads * d);
    }
}
