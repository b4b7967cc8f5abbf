package org.w2sg.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

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
     * cos and sin per token and frequency, [tokens, rotaryDims / 2], in Java for {@link #rotateRowsInPlace}.
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
     * Rotates in place, on the CPU, the first rotaryDims features of each head that starts at {@code headStarts}
     * (element offsets within a row) in every row of {@code rows}, a contiguous float32 [tokens, width] array such as
     * a fresh projection output: one pass over the array's own memory. The same products and sums as
     * {@link #applyInPlace} (x1 cos - x2 sin, x2 cos + x1 sin), so the same float32 results, without its five
     * broadcasting operations over strided views whose inner runs are only rotaryDims / 2 wide, which cost libtorch
     * about twenty times more. Returns false, changing nothing, where this does not apply (not a CPU float32 array,
     * or not contiguous); the caller then uses {@link #applyInPlace}.
     */
    public boolean rotateRowsInPlace(NDArray rows, int[] headStarts, Tables tables) {
        if (rows.getDevice().isGpu() || rows.getDataType() != DataType.FLOAT32 || rows.getShape().dimension() != 2) {
            return false;
        }
        long began = StageClock.begin();
        java.nio.ByteBuffer view = rows.toByteBuffer(true);
        // DJL hands out the array's own memory only when it is contiguous, and a fresh copy otherwise
        if (MemorySegment.ofBuffer(view).address() != MemorySegment.ofBuffer(rows.toByteBuffer(true)).address()) {
            return false;
        }
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
        StageClock.end("rotary", began);
        return true;
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

    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;

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
