package org.w2sg.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The config.json of a trained checkpoint: every field transformers' GPTNeoXConfig has, so that
 * GPTNeoXForCausalLM.from_pretrained and this harness read the same model. Both spellings of the rotary fields are
 * written (rotary_pct / rotary_emb_base and their newer names partial_rotary_factor / rope_theta).
 */
public final class NeoXConfigJson {
    private NeoXConfigJson() {}

    /** @param base the registry alias's config.json fields with the user's shape overrides applied */
    public static Map<String, Object> full(Map<String, Object> base) {
        Map<String, Object> c = new LinkedHashMap<>();
        int hidden = intOf(base, "hidden_size", 0);
        c.put("architectures", java.util.List.of("GPTNeoXForCausalLM"));
        c.put("model_type", "gpt_neox");
        c.put("vocab_size", intOf(base, "vocab_size", 50304));
        c.put("hidden_size", hidden);
        c.put("num_hidden_layers", intOf(base, "num_hidden_layers", 0));
        c.put("num_attention_heads", intOf(base, "num_attention_heads", 0));
        c.put("intermediate_size", intOf(base, "intermediate_size", 4 * hidden));
        c.put("hidden_act", base.getOrDefault("hidden_act", "gelu"));
        double rotaryPct = doubleOf(base, 0.25, "rotary_pct", "partial_rotary_factor");
        double rotaryBase = doubleOf(base, 10000, "rotary_emb_base", "rope_theta");
        c.put("rotary_pct", rotaryPct);
        c.put("partial_rotary_factor", rotaryPct);
        c.put("rotary_emb_base", rotaryBase);
        c.put("rope_theta", rotaryBase);
        c.put("rope_scaling", null);
        c.put("attention_dropout", 0.0);
        c.put("hidden_dropout", 0.0);
        c.put("classifier_dropout", 0.1);
        c.put("max_position_embeddings", intOf(base, "max_position_embeddings", 2048));
        c.put("initializer_range", doubleOf(base, 0.02, "initializer_range"));
        c.put("layer_norm_eps", doubleOf(base, 1e-5, "layer_norm_eps"));
        c.put("use_cache", true);
        c.put("bos_token_id", intOf(base, "bos_token_id", 0));
        c.put("eos_token_id", intOf(base, "eos_token_id", 0));
        c.put("tie_word_embeddings", false);
        c.put("use_parallel_residual", base.getOrDefault("use_parallel_residual", true));
        c.put("attention_bias", base.getOrDefault("attention_bias", true));
        c.put("torch_dtype", "float32");
        return c;
    }

    static int intOf(Map<String, Object> m, String key, int fallback) {
        Object v = m.get(key);
        return v instanceof Number n ? n.intValue() : fallback;
    }

    static double doubleOf(Map<String, Object> m, double fallback, String... keys) {
        for (String k : keys) if (m.get(k) instanceof Number n) return n.doubleValue();
        return fallback;
    }
}
