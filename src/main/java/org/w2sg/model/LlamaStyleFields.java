package org.w2sg.model;

/**
 * The config.json fields OLMo and OLMo-2 read alike, in Llama's layout (SiLU MLP, rotary without scaling, grouped
 * key/value heads), read and checked in one place; each architecture's config adds its own few.
 */
public record LlamaStyleFields(int hiddenSize, int numLayers, int numHeads, int numKvHeads, int intermediateSize,
                               double ropeTheta, boolean attentionBias, int vocabSize, boolean tieWordEmbeddings,
                               long padTokenId) {

    public static LlamaStyleFields read(HfConfig c) {
        c.requireText("hidden_act", "silu", "silu");
        c.requireNull("rope_scaling", "RoPE scaling is not implemented");
        int hidden = c.requireInt("hidden_size");
        int heads = c.requireInt("num_attention_heads");
        int kv = c.optInt("num_key_value_heads", heads);
        if (hidden % heads != 0) throw c.bad("num_attention_heads", "(" + heads + ") must divide hidden_size (" + hidden + ")");
        if (heads % kv != 0) throw c.bad("num_key_value_heads", "(" + kv + ") must divide num_attention_heads (" + heads + ")");
        return new LlamaStyleFields(hidden, c.requireInt("num_hidden_layers"), heads, kv, c.requireInt("intermediate_size"),
                c.optDouble(10000, "rope_theta"), c.optBool("attention_bias", false), c.requireInt("vocab_size"),
                c.optBool("tie_word_embeddings", false), c.optLong("pad_token_id", c.optLong("eos_token_id", 0)));
    }
}
