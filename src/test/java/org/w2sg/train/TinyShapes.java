package org.w2sg.train;

import java.util.LinkedHashMap;
import java.util.Map;

/** Tiny GPT-NeoX shapes for fast tests. */
final class TinyShapes {
    private TinyShapes() {}

    static Map<String, Object> config(int hidden, int layers, int heads, int vocab, double rotaryPct, boolean parallel) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("hidden_size", hidden);
        c.put("num_hidden_layers", layers);
        c.put("num_attention_heads", heads);
        c.put("intermediate_size", 2 * hidden);
        c.put("vocab_size", vocab);
        c.put("rotary_pct", rotaryPct);
        c.put("use_parallel_residual", parallel);
        c.put("max_position_embeddings", 64);
        return NeoXConfigJson.full(c);
    }
}
