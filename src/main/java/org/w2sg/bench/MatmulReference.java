package org.w2sg.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * The machine's practical matmul rate: a plain DJL [4096, 768] x [768, 3072] product (the shape of a pythia-160m MLP
 * up-projection over 4096 tokens). Benchmarks compare their useful FLOP/s against it, measured in the same run and
 * best interleaved with their own timings ({@link #seconds()}), so both see the same machine load.
 */
public final class MatmulReference implements AutoCloseable {
    public static final int M = 4096;
    public static final int K = 768;
    public static final int N = 3072;
    public static final double FLOPS = 2.0 * M * K * N;

    /** A GPU's practical peak: a square product large enough (1.1 TFLOP) to keep every SM busy for milliseconds. */
    public static final int GPU_PEAK = 8192;

    private final NDManager manager;
    private final NDArray a;
    private final NDArray b;
    private final double flops;

    public MatmulReference(Device device, DataType dtype) {
        this(device, dtype, M, K, N);
    }

    /** A [m, k] x [k, n] product in {@code dtype} on {@code device}. */
    public MatmulReference(Device device, DataType dtype, int m, int k, int n) {
        manager = org.w2sg.machine.Libtorch.engine().newBaseManager(device);
        a = manager.randomNormal(0, 1, new Shape(m, k), DataType.FLOAT32).toType(dtype, false);
        b = manager.randomNormal(0, 1, new Shape(k, n), DataType.FLOAT32).toType(dtype, false);
        flops = 2.0 * m * k * n;
        seconds(); // warm-up: first-call allocation and library initialisation
    }

    /** Floating-point operations of one product. */
    public double flops() {
        return flops;
    }

    /** Wall time of one product, waiting for the device (CUDA runs asynchronously). */
    public double seconds() {
        try (NDManager scratch = manager.newSubManager()) {
            long t0 = System.nanoTime();
            NDArray c = a.matMul(b);
            c.attach(scratch);
            c.get(0, 0).toType(DataType.FLOAT32, false).getFloat();
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    /** Median GFLOP/s over {@code repetitions} products. */
    public double gflops(int repetitions) {
        double[] s = new double[repetitions];
        for (int i = 0; i < repetitions; i++) s[i] = seconds();
        return flops / median(s) / 1e9;
    }

    public static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    @Override
    public void close() {
        manager.close();
    }
}
