package org.w2sg.model.gptneox;

import org.w2sg.model.HfConfig;

/** The config.json fields a GPT-NeoX (Pythia) checkpoint's forward pass depends on. */
public record GptNeoXConfig(int hiddenSize, int numLayers, int numHeads, int intermediateSize, double rotaryPct,
                            double rotaryBase, double layerNormEps, boolean parallelResidual, boolean attentionBias,
                            int vocabSize, boolean tieWordEmbeddings, long padTokenId) {

    public static GptNeoXConfig from(HfConfig c) {
        c.requireText("hidden_act", "gelu", "gelu");
        c.requireNull("rope_scaling", "RoPE scaling is not implemented");
        int hidden = c.requireInt("hidden_size");
        int heads = c.requireInt("num_attention_heads");
        if (hidden % heads != 0) {
            throw c.bad("num_attention_heads", "(" + heads + ") must divide hidden_size (" + hidden + ")");
        }
        GptNeoXConfig cfg = new GptNeoXConfig(hidden, c.requireInt("num_hidden_layers"), heads,
                c.optInt("intermediate_size", 4 * hidden),
                c.optDouble(0.25, "rotary_pct", "partial_rotary_factor"),
                c.optDouble(10000, "rotary_emb_base", "rope_theta"),
                c.optDouble(1e-5, "layer_norm_eps"),
                c.optBool("use_parallel_residual", true),
                c.optBool("attention_bias", true),
                c.requireInt("vocab_size"),
                c.optBool("tie_word_embeddings", false),
                c.optLong("pad_token_id", c.optLong("eos_token_id", 0)));
        if (cfg.rotaryDims() % 2 != 0) {
            throw c.bad("rotary_pct", "gives " + cfg.rotaryDims() + " rotary dimensions per head; it must be even");
        }
        return cfg;
    }

    public int headSize() {
        return hiddenSize / numHeads;
    }

    /** transformers: int(head_size * rotary_pct). */
    public int rotaryDims() {
        return (int) (headSize() * rotaryPct);
    }

    /** Parameters outside the input embedding and the output head (both norms, attention, MLP, final norm). */
    public long nonEmbeddingParameters() {
        long h = hiddenSize;
        long i = intermediateSize;
        long attention = 3 * h * h + h * h + (attentionBias ? 4 * h : 0);
        long mlp = 2 * h * i + i + h;
        long norms = 4 * h;
        return numLayers * (attention + mlp + norms) + 2 * h;
    }
}
