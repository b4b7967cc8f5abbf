package org.w2sg.model.olmo2;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.w2sg.model.HfConfig;
import org.w2sg.model.LlamaStyleFields;
import org.w2sg.model.TensorSpec;

/** The config.json fields an OLMo-2 (transformers "olmo2") forward pass depends on. */
public record Olmo2Config(int hiddenSize, int numLayers, int numHeads, int numKvHeads, int intermediateSize,
                          double ropeTheta, double rmsNormEps, boolean attentionBias, int vocabSize,
                          boolean tieWordEmbeddings, long padTokenId) {

    public static Olmo2Config from(HfConfig c) {
        LlamaStyleFields f = LlamaStyleFields.read(c);
        return new Olmo2Config(f.hiddenSize(), f.numLayers(), f.numHeads(), f.numKvHeads(), f.intermediateSize(),
                f.ropeTheta(), c.optDouble(1e-5, "rms_norm_eps"), f.attentionBias(), f.vocabSize(), f.tieWordEmbeddings(),
                f.padTokenId());
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
