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
     * halves so that rotate_half(x) * sin = swap_halves(x) * signedSin. {@code hostCos} and {@code hostSin} keep
     * cos and sin per token and frequency, [tokens, rotaryDims / 2], in Java for the CPU kernel.
     */
    public record Tables(NDArray cos, NDArray signedSin, float[] hostCos, float[] hostSin) {}

    public Tables tables(long[] positions, NDManager manager, DataType dtype) {
        int n = positions.length;
        int half = rotaryDims / 2;
        float[] cos = new float[n * rotaryDims];
        float[] sin = new float[n * rotaryDims];
        float[] hostCos = new float[n * half];
        float[] hostSin = new float[n * half];
        for (int row = 0; row < n; row++) {
            float position = positions[row];
            int base = row * rotaryDims;
            for (int j = 0; j < half; j++) {
                float angle = position * inverseFrequencies[j];
                float c = (float) Math.cos(angle);
                float sn = (float) Math.sin(angle);
                hostCos[row * half + j] = c;
                hostSin[row * half + j] = sn;
                cos[base + j] = c;
                cos[base + half + j] = c;
                sin[base + j] = -sn;
                sin[base + half + j] = sn;
            }
        }
        Shape shape = new Shape(n, rotaryDims);
        return new Tables(toDevice(manager.create(cos, shape), manager, dtype),
                toDevice(manager.create(sin, shape), manager, dtype), hostCos, hostSin);
    }

    /**
     * Where the rotated heads sit in a row of a projection output [tokens, groups * headsPerGroup * headDim]: in each of
     * {@code groups} groups of {@code headsPerGroup} heads, the first {@code rotatedPerGroup} heads are rotated (GPT-NeoX's
     * fused projection: one group per head holding q, k, v, of which q and k rotate; OLMo's: one group, q and k heads
     * first).
     */
    public record HeadLayout(int groups, int headsPerGroup, int rotatedPerGroup, int headDim) {
        /** Every head of a [tokens, heads * headDim] projection rotates. */
        public static HeadLayout all(int heads, int headDim) {
            return new HeadLayout(1, heads, heads, headDim);
        }

        int[] rotatedStarts() {
            int[] starts = new int[groups * rotatedPerGroup];
            for (int g = 0; g < groups; g++) {
                for (int h = 0; h < rotatedPerGroup; h++) starts[g * rotatedPerGroup + h] = (g * headsPerGroup + h) * headDim;
            }
            return starts;
        }
    }

    /**
     * Rotates, in place, the first rotaryDims features of each rotated head of {@code rows}, a projection output
     * [tokens, width] laid out as {@code layout} says; it must be the array a projection or norm just returned (not a
     * view into another), so its own memory is contiguous. On the CPU in float32 one loop over that memory does it;
     * elsewhere (CUDA, float16) libtorch's broadcasting operations over a view of the rotated heads. Both make the same
     * float32 products and sums (x1 cos - x2 sin, x2 cos + x1 sin); on the CPU the loop is about twenty times cheaper
     * than the five broadcasting operations over strided views whose inner runs are only rotaryDims / 2 wide.
     */
    public void rotate(NDArray rows, HeadLayout layout, Tables tables) {
        if (!rows.getDevice().isGpu() && rows.getDataType() == DataType.FLOAT32) {
            rotateRows(rows, layout.rotatedStarts(), tables);
        } else {
            long tokens = rows.getShape().get(0);
            NDArray heads = rows.reshape(tokens, layout.groups(), layout.headsPerGroup(), layout.headDim());
            rotateView(layout.rotatedPerGroup() < layout.headsPerGroup()
                    ? heads.split(new long[] {layout.rotatedPerGroup()}, 2).get(0) : heads, tables);
        }
    }

    /** The CPU kernel: one pass over the contiguous float32 memory of rows. */
    void rotateRows(NDArray rows, int[] headStarts, Tables tables) {
        java.nio.ByteBuffer view = rows.toByteBuffer(true);
        int tokens = Math.toIntExact(rows.getShape().get(0));
        long width = rows.getShape().get(1);
        int half = rotaryDims / 2;
        float[] cos = tables.hostCos();
        float[] sin = tables.hostSin();
        if (cos.length != (long) tokens * half) {
            throw new IllegalArgumentException("rotary tables for " + cos.length / half + " tokens, array has " + tokens);
        }
        java.nio.FloatBuffer floats = view.order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
        for (int t = 0; t < tokens; t++) rotateRow(floats, Math.toIntExact(t * width), t * half, headStarts, cos, sin);
    }

    private void rotateRow(java.nio.FloatBuffer data, int row, int at, int[] headStarts, float[] cos, float[] sin) {
        int half = rotaryDims / 2;
        for (int start : headStarts) {
            int x1 = row + start;
            int x2 = x1 + half;
            for (int j = 0; j < half; j++) {
                float a = data.get(x1 + j);
                float b = data.get(x2 + j);
                float c = cos[at + j];
                float s = sin[at + j];
                data.put(x1 + j, a * c - b * s);
                data.put(x2 + j, b * c + a * s);
            }
        }
    }

    private static NDArray toDevice(NDArray a, NDManager manager, DataType dtype) {
        NDArray moved = a.toDevice(manager.getDevice(), false);
        return dtype == DataType.FLOAT32 ? moved : moved.toType(dtype, false);
    }

    /**
     * The tensor kernel: rotates, in place, the first rotaryDims features of every head of x, [tokens, heads..., headDim],
     * a view into a fresh projection output, so only the rotated slice is touched and nothing is concatenated back.
     */
    void rotateView(NDArray x, Tables tables) {
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
