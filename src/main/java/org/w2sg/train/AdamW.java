package org.w2sg.train;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW as torch.optim.AdamW computes it (decoupled weight decay: p *= 1 - lr * wd, then the Adam step with bias
 * corrections), preceded by global-norm gradient clipping as torch.nn.utils.clip_grad_norm_ does it (one norm over
 * every gradient; scale by clip / (norm + 1e-6) when that is below 1). Decay skips biases and LayerNorm parameters.
 * DJL's own Adam cannot be used: its "AdamW" adds the decay to the gradient (L2), decays every parameter, and its
 * clipGrad clamps each element from above instead of clipping the norm.
 *
 * <p>The moments live in Java arrays (float32, as torch keeps them) and the update is written straight into the
 * parameters' native memory, so nothing here is an autograd op and no NDArray is created per step.
 */
public final class AdamW {
    public record Settings(double beta1, double beta2, double eps, double weightDecay, double clip) {
        public static Settings of(double weightDecay, double clip) {
            return new Settings(0.9, 0.95, 1e-8, weightDecay, clip);
        }
    }

    private final Settings settings;
    private final Map<String, float[]> firstMoment = new LinkedHashMap<>();
    private final Map<String, float[]> secondMoment = new LinkedHashMap<>();
    private final Map<String, Boolean> decay = new LinkedHashMap<>();
    private long updates;
    private float[] scratchParam = new float[0];
    private float[] scratchGrad = new float[0];

    public AdamW(Settings settings, Map<String, NDArray> params) {
        this.settings = settings;
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            int n = Math.toIntExact(e.getValue().getShape().size());
            firstMoment.put(e.getKey(), new float[n]);
            secondMoment.put(e.getKey(), new float[n]);
            decay.put(e.getKey(), TrainableGptNeoX.decayed(e.getKey(), e.getValue().getShape().getShape()));
        }
    }

    public Settings settings() {
        return settings;
    }

    /** Updates done so far (torch's state "step"). */
    public long updates() {
        return updates;
    }

    public Map<String, float[]> firstMoments() {
        return firstMoment;
    }

    public Map<String, float[]> secondMoments() {
        return secondMoment;
    }

    /** Restores a saved state (moments copied in). */
    public void restore(long updates, Map<String, float[]> m, Map<String, float[]> v) {
        for (String name : firstMoment.keySet()) {
            copyInto(name, m.get(name), firstMoment.get(name));
            copyInto(name, v.get(name), secondMoment.get(name));
        }
        this.updates = updates;
    }

    private static void copyInto(String name, float[] from, float[] to) {
        if (from == null || from.length != to.length) {
            throw new IllegalArgumentException("optimizer state for " + name + " is missing or has the wrong size");
        }
        System.arraycopy(from, 0, to, 0, to.length);
    }

    /**
     * The global L2 norm of the gradients (in double). A non-finite gradient stops here, naming its parameter, before
     * anything changes.
     */
    public double gradientNorm(Map<String, NDArray> grads, long step) {
        double total = 0;
        for (Map.Entry<String, NDArray> e : grads.entrySet()) {
            float[] g = gradient(e.getValue());
            double sum = 0;
            int n = Math.toIntExact(e.getValue().getShape().size());
            for (int i = 0; i < n; i++) sum += (double) g[i] * g[i];
            if (!Double.isFinite(sum)) {
                throw new NonFiniteTrainingException("step " + step + ": the gradient of " + e.getKey() + " is not finite ("
                        + firstNonFinite(g, n) + "); training stopped before this update, so the last saved state is "
                        + "intact: lower --lr, keep --clip, or change --seed, then rerun");
            }
            total += sum;
        }
        return Math.sqrt(total);
    }

    private static String firstNonFinite(float[] g, int n) {
        for (int i = 0; i < n; i++) if (!Float.isFinite(g[i])) return "element " + i + " is " + g[i];
        return "the sum of squares overflows";
    }

    private float[] gradient(NDArray grad) {
        int n = Math.toIntExact(grad.getShape().size());
        if (scratchGrad.length < n) scratchGrad = new float[n];
        HostFloats.read(grad, scratchGrad, n);
        return scratchGrad;
    }

    /** One update with learning rate {@code lr}; the gradients' global norm is {@code norm} (from gradientNorm). */
    public void update(Map<String, NDArray> params, Map<String, NDArray> grads, double lr, double norm) {
        updates++;
        double clipCoef = settings.clip() > 0 ? Math.min(1.0, settings.clip() / (norm + 1e-6)) : 1.0;
        float coef = (float) clipCoef;
        float b1 = (float) settings.beta1();
        float b2 = (float) settings.beta2();
        float eps = (float) settings.eps();
        double bc1 = 1 - Math.pow(settings.beta1(), updates);
        double bc2 = 1 - Math.pow(settings.beta2(), updates);
        float stepSize = (float) (lr / bc1);
        float bc2Sqrt = (float) Math.sqrt(bc2);
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            String name = e.getKey();
            NDArray p = e.getValue();
            int n = Math.toIntExact(p.getShape().size());
            if (scratchParam.length < n) scratchParam = new float[n];
            float[] w = scratchParam;
            HostFloats.read(p, w, n);
            float[] g = gradient(grads.get(name));
            float[] m = firstMoment.get(name);
            float[] v = secondMoment.get(name);
            float keep = decay.get(name) ? (float) (1 - lr * settings.weightDecay()) : 1f;
            for (int i = 0; i < n; i++) {
                float gi = g[i] * coef;
                m[i] = b1 * m[i] + (1 - b1) * gi;
                v[i] = b2 * v[i] + (1 - b2) * gi * gi;
                float denom = (float) Math.sqrt(v[i]) / bc2Sqrt + eps;
                w[i] = w[i] * keep - stepSize * m[i] / denom;
            }
            HostFloats.write(p, w, n);
        }
    }
}
