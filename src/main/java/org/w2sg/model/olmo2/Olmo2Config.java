package org.w2sg.model.olmo2;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.w2sg.model.HfConfig;
import org.w2sg.model.TensorSpec;

/** The config.json fields an OLMo-2 (transformers "olmo2") forward pass depends on. */
public record Olmo2Config(int hiddenSize, int numLayers, int numHeads, int numKvHeads, int intermediateSize,
                          double ropeTheta, double rmsNormEps, boolean attentionBias, int vocabSize,
                          boolean tieWordEmbeddings, long padTokenId) {

    public static Olmo2Config from(HfConfig c) {
        c.requireText("hidden_act", "silu", "silu");
        c.requireNull("rope_scaling", "RoPE scaling is not implemented");
        int hidden = c.requireInt("hidden_size");
        int heads = c.requireInt("num_attention_heads");
        int kv = c.optInt("num_key_value_heads", heads);
        if (hidden % heads != 0) throw c.bad("num_attention_heads", "(" + heads + ") must divide hidden_size (" + hidden + ")");
        if (heads % kv != 0) throw c.bad("num_key_value_heads", "(" + kv + ") must divide num_attention_heads (" + heads + ")");
        return new Olmo2Config(hidden, c.requireInt("num_hidden_layers"), heads, kv, c.requireInt("intermediate_size"),
                c.optDouble(10000, "rope_theta"), c.optDouble(1e-5, "rms_norm_eps"), c.optBool("attention_bias", false),
                c.requireInt("vocab_size"), c.optBool("tie_word_embeddings", false),
                c.optLong("pad_token_id", c.optLong("eos_token_id", 0)));
    }

    public int headDim() {
        return hiddenSize / numHeads;
    }

    public long nonEmbeddingParameters() {
        return TensorSpec.count(tensors(), Set.of("model.embed_tokens.weight", "lm_head.weight"));
    }

    /** Every tensor of Olmo2ForCausalLM's state dict, in its order. */
    public List<TensorSpec> tensors() {
        long h = hiddenSize;
        long kv = (long) numKvHeads * headDim();
        long i = intermediateSize;
        List<TensorSpec> t = new ArrayList<>();
        t.add(TensorSpec.normal("model.embed_tokens.weight", vocabSize, h));
        for (int l = 0; l < numLayers; l++) {
            String p = "model.layers." + l + ".";
            TensorSpec.addAttention(t, p + "self_attn.", h, kv, attentionBias);
            t.add(TensorSpec.ones(p + "self_attn.q_norm.weight", h));
            t.add(TensorSpec.ones(p + "self_attn.k_norm.weight", kv));
            TensorSpec.addSwiGluMlp(t, p + "mlp.", h, i);
            t.add(TensorSpec.ones(p + "post_attention_layernorm.weight", h));
            t.add(TensorSpec.ones(p + "post_feedforward_layernorm.weight", h));
        }
        t.add(TensorSpec.ones("model.norm.weight", h));
        if (!tieWordEmbeddings) t.add(TensorSpec.normal("lm_head.weight", vocabSize, h));
        return t;
    }
}
