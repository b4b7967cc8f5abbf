package org.w2sg.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Rotary position embedding in transformers' "rotate_half" layout, applied to the first {@code rotaryDims} features
 * of each head (GPT-NeoX's partial rotary; OLMo rotates the whole head). Frequencies follow transformers' default
 * RoPE: inv_freq[j] = 1 / base^(2j / rotaryDims) and angle = position * inv_freq, in float32 arithmetic.
 */
public final class RotaryEmbedding {
    private final int rotaryDims;
    private final float[] inverseFrequencies;

    public RotaryEmbedding(int rotaryDims, double base) {
        if (rotaryDims % 2 != 0) throw new IllegalArgumentException("rotary dimension must be even, got " + rotaryDims);
        this.rotaryDims = rotaryDims;
        this.inverseFrequencies = new float[rotaryDims / 2];
        for (int j = 0; j < inverseFrequencies.length; j++) {
            float exponent = (float) (2 * j) / rotaryDims;
            inverseFrequencies[j] = 1f / (float) Math.pow(base, exponent);
        }
    }

    public int rotaryDims() {
        return rotaryDims;
    }

    /**
     * cos and signed sin per (row, position), shape [batch, 1, seq, rotaryDims] so they broadcast over heads. The
     * sin table holds (-sin, +sin) over the two halves so that rotate_half(x) * sin = swap_halves(x) * signedSin.
     */
    public record Tables(NDArray cos, NDArray signedSin) {}

    public Tables tables(TokenBatch batch, NDManager manager, DataType dtype) {
        int b = batch.batchSize();
        int s = batch.seqLen();
        int half = rotaryDims / 2;
        float[] cos = new float[b * s * rotaryDims];
        float[] sin = new float[b * s * rotaryDims];
        long[] positions = batch.positionIds();
        for (int row = 0; row < b * s; row++) {
            float position = positions[row];
            int base = row * rotaryDims;
            for (int j = 0; j < half; j++) {
                float angle = position * inverseFrequencies[j];
                float c = (float) Math.cos(angle);
                float sn = (float) Math.sin(angle);
                cos[base + j] = c;
                cos[base + half + j] = c;
                sin[base + j] = -sn;
                sin[base + half + j] = sn;
            }
        }
        Shape shape = new Shape(b, 1, s, rotaryDims);
        return new Tables(toDevice(manager.create(cos, shape), manager, dtype),
                toDevice(manager.create(sin, shape), manager, dtype));
    }

    private static NDArray toDevice(NDArray a, NDManager manager, DataType dtype) {
        NDArray moved = a.toDevice(manager.getDevice(), false);
        return dtype == DataType.FLOAT32 ? moved : moved.toType(dtype, false);
    }

    /** x: [batch, heads, seq, headDim]; returns the rotated tensor of the same shape. */
    public NDArray apply(NDArray x, Tables tables) {
        long headDim = x.getShape().get(3);
        NDArray rot = x;
        NDArray pass = null;
        if (rotaryDims < headDim) {
            NDList parts = x.split(new long[] {rotaryDims}, 3);
            rot = parts.get(0);
            pass = parts.get(1);
        }
        NDList halves = rot.split(2, 3);
        NDArray swapped = NDArrays.concat(new NDList(halves.get(1), halves.get(0)), 3);
        NDArray rotated = rot.mul(tables.cos()).addi(swapped.muli(tables.signedSin()));
        return pass == null ? rotated : NDArrays.concat(new NDList(rotated, pass), 3);
    }
}
