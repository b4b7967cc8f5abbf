package org.w2sg.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * What every layer's attention needs for one batch, built once per batch: the additive causal + padding mask, float32
 * [batch, 1, seq, seq] (0 where query i may see key j, i.e. j <= i and key j is a real token; a large negative
 * number elsewhere), and the rotary tables for the batch's position ids.
 */
public record AttentionContext(int batchSize, int seqLen, NDArray mask, RotaryEmbedding.Tables rotary) {

    public static AttentionContext of(TokenBatch batch, RotaryEmbedding rotary, NDManager manager, DataType dtype) {
        return new AttentionContext(batch.batchSize(), batch.seqLen(), mask(batch, manager),
                rotary.tables(batch, manager, dtype));
    }

    /**
     * Float32 whatever the compute type (softmax runs in float32). Blocked entries hold float32's finite minimum (as
     * transformers uses), never -inf: a fully masked row (a left-pad query) then softmaxes to a uniform row instead of
     * NaN, and no NaN can reach the real tokens.
     */
    static NDArray mask(TokenBatch batch, NDManager manager) {
        int b = batch.batchSize();
        int s = batch.seqLen();
        float blocked = -Float.MAX_VALUE;
        long[] real = batch.attentionMask();
        float[] m = new float[b * s * s];
        for (int row = 0; row < b; row++) {
            for (int q = 0; q < s; q++) {
                int base = (row * s + q) * s;
                for (int k = 0; k < s; k++) {
                    m[base + k] = (k <= q && real[row * s + k] != 0) ? 0f : blocked;
                }
            }
        }
        return manager.create(m, new Shape(b, 1, s, s)).toDevice(manager.getDevice(), false);
    }
}
