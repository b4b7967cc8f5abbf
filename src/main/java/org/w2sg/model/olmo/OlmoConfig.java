package org.w2sg.model.olmo;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.w2sg.errors.UserException;
import org.w2sg.model.HfConfig;
import org.w2sg.model.LlamaStyleFields;
import org.w2sg.model.TensorSpec;

/** The config.json fields an OLMo v1 (transformers "olmo", e.g. OLMo-1B-hf) forward pass depends on. */
public record OlmoConfig(int hiddenSize, int numLayers, int numHeads, int numKvHeads, int intermediateSize,
                         double ropeTheta, Double clipQkv, boolean attentionBias, int vocabSize,
                         boolean tieWordEmbeddings, long padTokenId) {

    /** transformers' OlmoLayerNorm hard-codes eps = 1e-5. */
    public static final float LAYER_NORM_EPS = 1e-5f;

    public static OlmoConfig from(HfConfig c) {
        if (c.has("d_model") && !c.has("hidden_size")) {
            throw new UserException(c.file() + " describes an OLMo checkpoint in the original hf_olmo layout"
                    + " (d_model, n_layers, fused att_proj/ff_proj tensors), which this harness does not read; use the"
                    + " transformers-native '-hf' repository of the same model instead (e.g. allenai/OLMo-1B-hf)");
        }
        LlamaStyleFields f = LlamaStyleFields.read(c);
        Double clip = c.optNullableDouble("clip_qkv");
        if (clip != null && clip <= 0) throw c.bad("clip_qkv", "must be positive or null, found " + clip);
        return new OlmoConfig(f.hiddenSize(), f.numLayers(), f.numHeads(), f.numKvHeads(), f.intermediateSize(),
                f.ropeTheta(), clip, f.attentionBias(), f.vocabSize(), f.tieWordEmbeddings(), f.padTokenId());
    }

    public int headDim() {
        return hiddenSize / numHeads;
    }

    public long nonEmbeddingParameters() {
        return TensorSpec.count(tensors(), Set.of("model.embed_tokens.weight", "lm_head.weight"));
    }

    /** Every tensor of OlmoForCausalLM's state dict, in its order (its LayerNorms have no parameters). */
    public List<TensorSpec> tensors() {
        long h = hiddenSize;
        long kv = (long) numKvHeads * headDim();
        long i = intermediateSize;
        List<TensorSpec> t = new ArrayList<>();
        t.add(TensorSpec.normal("model.embed_tokens.weight", vocabSize, h));
        for (int l = 0; l < numLayers; l++) {
            String p = "model.layers." + l + ".";
            TensorSpec.addAttention(t, p + "self_attn.", h, kv, attentionBias);
            TensorSpec.addSwiGluMlp(t, p + "mlp.", h, i);
        }
        if (!tieWordEmbeddings) t.add(TensorSpec.normal("lm_head.weight", vocabSize, h));
        return t;
    }
}
