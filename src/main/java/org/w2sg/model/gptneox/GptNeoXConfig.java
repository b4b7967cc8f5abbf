package org.w2sg.model.gptneox;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.w2sg.model.HfConfig;
import org.w2sg.model.TensorSpec;

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
        return TensorSpec.count(tensors(), Set.of("gpt_neox.embed_in.weight", "embed_out.weight"));
    }

    /** Every tensor of GPTNeoXForCausalLM's state dict, in its order. */
    public List<TensorSpec> tensors() {
        long h = hiddenSize;
        long i = intermediateSize;
        List<TensorSpec> t = new ArrayList<>();
        t.add(TensorSpec.normal("gpt_neox.embed_in.weight", vocabSize, h));
        for (int l = 0; l < numLayers; l++) {
            String p = "gpt_neox.layers." + l + ".";
            t.add(TensorSpec.ones(p + "input_layernorm.weight", h));
            t.add(TensorSpec.zeros(p + "input_layernorm.bias", h));
            t.add(TensorSpec.ones(p + "post_attention_layernorm.weight", h));
            t.add(TensorSpec.zeros(p + "post_attention_layernorm.bias", h));
            t.add(TensorSpec.normal(p + "attention.query_key_value.weight", 3 * h, h));
            if (attentionBias) t.add(TensorSpec.zeros(p + "attention.query_key_value.bias", 3 * h));
            t.add(TensorSpec.normal(p + "attention.dense.weight", h, h));
            if (attentionBias) t.add(TensorSpec.zeros(p + "attention.dense.bias", h));
            t.add(TensorSpec.normal(p + "mlp.dense_h_to_4h.weight", i, h));
            t.add(TensorSpec.zeros(p + "mlp.dense_h_to_4h.bias", i));
            t.add(TensorSpec.normal(p + "mlp.dense_4h_to_h.weight", h, i));
            t.add(TensorSpec.zeros(p + "mlp.dense_4h_to_h.bias", h));
        }
        t.add(TensorSpec.ones("gpt_neox.final_layer_norm.weight", h));
        t.add(TensorSpec.zeros("gpt_neox.final_layer_norm.bias", h));
        if (!tieWordEmbeddings) t.add(TensorSpec.normal("embed_out.weight", vocabSize, h));
        return t;
    }
}
