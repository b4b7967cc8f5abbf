package org.w2sg.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdamWTest {
    /**
     * Two updates against torch.optim.AdamW's formulas written out by hand, with clip_grad_norm_ first: decay on
     * the matrix only, global norm over both tensors.
     */
    @Test
    void matchesTorchAdamWWithDecoupledDecayAndGlobalNormClipping() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Map<String, NDArray> params = new LinkedHashMap<>();
            params.put("w", m.create(new float[] {1f, -2f}, new Shape(1, 2)));
            params.put("b", m.create(new float[] {0.5f}, new Shape(1)));
            Map<String, NDArray> grads = new LinkedHashMap<>();
            grads.put("w", m.create(new float[] {3f, 0f}, new Shape(1, 2)));
            grads.put("b", m.create(new float[] {4f}, new Shape(1)));
            AdamW opt = new AdamW(new AdamW.Settings(0.9, 0.95, 1e-8, 0.5, 1.0), params);
            double[] w = {1, -2};
            double[] b = {0.5};
            double[] mw = new double[2], vw = new double[2], mb = new double[1], vb = new double[1];
            for (int t = 1; t <= 2; t++) {
                double norm = opt.gradientNorm(grads, t);
                assertEquals(5.0, norm, 1e-12);
                double lr = 0.1 * t;
                opt.update(params, grads, lr, norm);
                double coef = Math.min(1, 1.0 / (norm + 1e-6));
                step(w, new double[] {3, 0}, mw, vw, coef, lr, 0.5, t);
                step(b, new double[] {4}, mb, vb, coef, lr, 0, t);
            }
            assertArrayEquals(toFloats(w), params.get("w").toFloatArray(), 1e-6f);
            assertArrayEquals(toFloats(b), params.get("b").toFloatArray(), 1e-6f);
            assertTrue(TrainableGptNeoX.decayed("x.weight", new long[] {2, 3}));
            assertTrue(!TrainableGptNeoX.decayed("x.bias", new long[] {3}));
        }
    }

    private static void step(double[] p, double[] g, double[] m, double[] v, double coef, double lr, double wd, int t) {
        for (int i = 0; i < p.length; i++) {
            double gi = g[i] * coef;
            p[i] *= 1 - lr * wd;
            m[i] = 0.9 * m[i] + 0.1 * gi;
            v[i] = 0.95 * v[i] + 0.05 * gi * gi;
            double mh = m[i] / (1 - Math.pow(0.9, t));
            double vh = v[i] / (1 - Math.pow(0.95, t));
            p[i] -= lr * mh / (Math.sqrt(vh) + 1e-8);
        }
    }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }

    @Test
    void aNonFiniteGradientStopsBeforeAnyUpdateNamingStepAndParameter() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Map<String, NDArray> params = new LinkedHashMap<>();
            params.put("gpt_neox.layers.0.mlp.dense_h_to_4h.weight", m.create(new float[] {1f, 2f}, new Shape(1, 2)));
            Map<String, NDArray> grads = Map.of("gpt_neox.layers.0.mlp.dense_h_to_4h.weight",
                    m.create(new float[] {1f, Float.NaN}, new Shape(1, 2)));
            AdamW opt = new AdamW(AdamW.Settings.of(0.1, 1.0), params);
            NonFiniteTrainingException e = assertThrows(NonFiniteTrainingException.class, () -> opt.gradientNorm(grads, 88));
            assertTrue(e.getMessage().startsWith("step 88: the gradient of gpt_neox.layers.0.mlp.dense_h_to_4h.weight is not finite (element 1 is NaN)"),
                    e.getMessage());
            assertArrayEquals(new float[] {1f, 2f}, params.values().iterator().next().toFloatArray());
        }
    }
}
