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
     * cos and signed sin per packed token, shape [tokens, rotaryDims]. The sin table holds (-sin, +sin) over the two
     * halves so that rotate_half(x) * sin = swap_halves(x) * signedSin.
     */
    public record Tables(NDArray cos, NDArray signedSin) {}

    public Tables tables(long[] positions, NDManager manager, DataType dtype) {
        int n = positions.length;
        int half = rotaryDims / 2;
        float[] cos = new float[n * rotaryDims];
        float[] sin = new float[n * rotaryDims];
        for (int row = 0; row < n; row++) {
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
        Shape shape = new Shape(n, rotaryDims);
        return new Tables(toDevice(manager.create(cos, shape), manager, dtype),
                toDevice(manager.create(sin, shape), manager, dtype));
    }

    private static NDArray toDevice(NDArray a, NDManager manager, DataType dtype) {
        NDArray moved = a.toDevice(manager.getDevice(), false);
        return dtype == DataType.FLOAT32 ? moved : moved.toType(dtype, false);
    }

    /**
     * Rotates, in place, the first rotaryDims features of every head: x is [tokens, heads..., headDim], typically
     * a view into a fresh projection output (q and k side by side), so only the rotated slice is touched and nothing is
     * concatenated back. x must not be an array anyone else still reads.
     */
    public void applyInPlace(NDArray x, Tables tables) {
        long began = StageClock.begin();
        rotate(x, tables);
        StageClock.end("rotary", began);
    }

    private void rotate(NDArray x, Tables tables) {
        Shape shape = x.getShape();
        int last = shape.dimension() - 1;
        NDArray rot = rotaryDims < shape.get(last) ? x.split(new long[] {rotaryDims}, last).get(0) : x;
        NDArray cos = tables.cos();
        NDArray sin = tables.signedSin();
        if (shape.dimension() != 2) {
            long[] broadcast = new long[shape.dimension()];
            java.util.Arrays.fill(broadcast, 1);
            broadcast[0] = shape.get(0);
            broadcast[last] = rotaryDims;
            cos = cos.reshape(broadcast);
            sin = sin.reshape(broadcast);
        }
        NDList halves = rot.split(2, last);
        NDArray swapped = NDArrays.concat(new NDList(halves.get(1), halves.get(0)), last).muli(sin);
        rot.muli(cos).addi(swapped);
    }
}
