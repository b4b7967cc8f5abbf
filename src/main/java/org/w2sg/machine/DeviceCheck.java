package org.w2sg.machine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * Whether a device really computes in a type: a 64 x 64 matmul of fixed random numbers on it, compared with the same
 * product in Java doubles. A pass means libtorch, the driver and the device agree, not just that a device is listed.
 */
public final class DeviceCheck {
    static final int N = 64;

    /** Worst error a correct product reaches, relative to the largest |entry|: float32 1e-5, float16 (11-bit) 1e-2. */
    static double tolerance(DataType type) {
        return type == DataType.FLOAT16 ? 1e-2 : 1e-5;
    }

    /** The outcome of one check: passed, and the relative error or the failure's message. */
    public record Result(boolean passed, double relativeError, String failure) {
        public String describe() {
            return passed ? String.format("%.1e", relativeError) : failure;
        }
    }

    private DeviceCheck() {}

    public static Result run(Engine engine, Device device, DataType type) {
        SplittableRandom r = new SplittableRandom(15);
        float[] a = new float[N * N];
        float[] b = new float[N * N];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (r.nextDouble() * 2 - 1);
            b[i] = (float) (r.nextDouble() * 2 - 1);
        }
        // float16 inputs are rounded to float16 before the product: compare with the product of the rounded values
        if (type == DataType.FLOAT16) {
            for (int i = 0; i < a.length; i++) {
                a[i] = Float.float16ToFloat(Float.floatToFloat16(a[i]));
                b[i] = Float.float16ToFloat(Float.floatToFloat16(b[i]));
            }
        }
        double[] expected = new double[N * N];
        double scale = 0;
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                double s = 0;
                for (int k = 0; k < N; k++) s += (double) a[i * N + k] * b[k * N + j];
                expected[i * N + j] = s;
                scale = Math.max(scale, Math.abs(s));
            }
        }
        try (NDManager m = engine.newBaseManager(device)) {
            NDArray x = m.create(a, new Shape(N, N)).toType(type, false);
            NDArray y = m.create(b, new Shape(N, N)).toType(type, false);
            float[] got = x.matMul(y).toType(DataType.FLOAT32, false).toFloatArray();
            double worst = 0;
            for (int i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - expected[i]));
            double rel = worst / scale;
            if (!(rel <= tolerance(type))) {
                return new Result(false, rel, String.format("a %dx%d %s matmul is off by %.1e of its scale (tolerance %.0e)",
                        N, N, type, rel, tolerance(type)));
            }
            return new Result(true, rel, null);
        } catch (RuntimeException e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            return new Result(false, Double.NaN, msg);
        }
    }
}
