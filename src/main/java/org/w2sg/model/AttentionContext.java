package org.w2sg.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.HashMap;
import java.util.Map;

/**
 * What every layer's attention needs for one batch, built once per batch: the packed layout of the batch's real
 * tokens, an additive causal mask per sequence length that occurs, float32 [1, 1, length, length] (0 where query i may
 * see key j, i.e. j <= i; float32's finite minimum elsewhere, as transformers uses), and the rotary tables for every
 * packed token's position id.
 */
public record AttentionContext(PackedTokens packed, Map<Integer, NDArray> causalMasks, RotaryEmbedding.Tables rotary) {

    public static AttentionContext of(PackedTokens packed, RotaryEmbedding rotary, NDManager manager, DataType dtype) {
        Map<Integer, NDArray> masks = new HashMap<>();
        for (PackedTokens.Segment s : packed.segments()) masks.computeIfAbsent(s.length(), l -> causal(l, manager));
        return new AttentionContext(packed, Map.copyOf(masks), rotary.tables(packed.positions(), manager, dtype));
    }

    public static AttentionContext of(TokenBatch batch, RotaryEmbedding rotary, NDManager manager, DataType dtype) {
        return of(PackedTokens.of(batch), rotary, manager, dtype);
    }

    /** The causal mask of sequences of {@code length} tokens. */
    public NDArray mask(int length) {
        return causalMasks.get(length);
    }

    /** Float32 whatever the compute type: softmax runs in float32. */
    static NDArray causal(int length, NDManager manager) {
        float blocked = -Float.MAX_VALUE;
        float[] m = new float[length * length];
        for (int q = 0; q < length; q++) {
            for (int k = q + 1; k < length; k++) m[q * length + k] = blocked;
        }
        return manager.create(m, new Shape(1, 1, length, length)).toDevice(manager.getDevice(), false);
    }
}
