package org.w2sg.weights;

import java.util.List;

/**
 * Buffers that older transformers versions saved next to the weights (GPT-NeoX causal-mask and rotary caches). They
 * are recomputed by every forward pass, so the stores hide them rather than hand them to a model as weights.
 */
public final class NonWeightBuffers {
    private NonWeightBuffers() {}

    private static final List<String> SUFFIXES = List.of("attention.bias", "attention.masked_bias", "rotary_emb.inv_freq");

    public static boolean isIgnored(String name) {
        for (String s : SUFFIXES) {
            if (name.equals(s) || name.endsWith("." + s)) return true;
        }
        return false;
    }
}
