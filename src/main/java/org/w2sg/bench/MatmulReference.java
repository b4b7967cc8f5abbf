package org.w2sg.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * The machine's practical matmul rate: a plain DJL [4096, 768] x [768, 3072] product (the shape of a pythia-160m
 * MLP up-projection over 4096 tokens), timed after a warm-up; the median of the repetitions, in GFLOP/s. Benchmarks
 * compare their useful FLOP/s against it, measured in the same run so both see the same machine load.
 */
public final class MatmulReference {
    private MatmulReference() {}

    public static final int M = 4096;
    public static final int K = 768;
    public static final int N = 3072;

    public static double gflops(Device device, DataType dtype, int repetitions) {
        try (NDManager m = NDManager.newBaseManager(device, "PyTorch")) {
            NDArray a = m.randomNormal(0, 1, new Shape(M, K), DataType.FLOAT32).toType(dtype, false);
            NDArray b = m.randomNormal(0, 1, new Shape(K, N), DataType.FLOAT32).toType(dtype, false);
            double[] seconds = new double[repetitions];
            for (int i = -2; i < repetitions; i++) {
                try (NDManager scratch = m.newSubManager()) {
                    long t0 = System.nanoTime();
                    NDArray c = a.matMul(b);
                    c.attach(scratch);
                    c.get(0, 0).toType(DataType.FLOAT32, false).getFloat(); // waits for the device (CUDA runs asynchronously)
                    if (i >= 0) seconds[i] = (System.nanoTime() - t0) / 1e9;
                }
            }
            Arrays.sort(seconds);
            return 2.0 * M * K * N / seconds[repetitions / 2] / 1e9;
        }
    }
}
