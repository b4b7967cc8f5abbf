package org.w2sg.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.w2sg.model.TensorSpec;
import org.w2sg.model.gptneox.GptNeoXConfig;

/**
 * A fresh model's parameters as transformers' GPTNeoXPreTrainedModel._init_weights sets them: every Linear weight and
 * the embeddings N(0, initializer_range), biases 0, LayerNorm weights 1 and biases 0. Values depend only on the seed
 * and each tensor's name.
 */
public final class Initializer {
    private Initializer() {}

    public static Map<String, float[]> values(GptNeoXConfig config, double std, long seed) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (TensorSpec t : config.tensors()) out.put(t.name(), values(t, std, seed));
        return out;
    }

    static float[] values(TensorSpec t, double std, long seed) {
        float[] v = new float[Math.toIntExact(t.numel())];
        switch (t.init()) {
            case ONES -> java.util.Arrays.fill(v, 1f);
            case ZEROS -> { }
            case NORMAL -> {
                SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ nameHash(t.name()));
                for (int i = 0; i < v.length; i++) v[i] = (float) (r.nextGaussian() * std);
            }
        }
        return v;
    }

    /** A stable 64-bit hash of the name (String.hashCode is only 32 bits). */
    private static long nameHash(String name) {
        long h = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            h ^= b;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
