package org.w2sg.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The stack in transformers' Llama-style layout that OLMo and OLMo-2 share: {@code model.embed_tokens}, rotary over
 * whole heads, {@code model.layers.N.*}, and an {@code lm_head} tied to the embeddings when the config says so or the
 * checkpoint has none. The architectures add their layers and final norm.
 */
public abstract class EmbedTokensStack extends DecoderStack {
    private final RotaryEmbedding rotary;
    private final NDArray embedTokens;
    private final boolean tieWordEmbeddings;

    protected EmbedTokensStack(ModelSpec spec, WeightSource source, NDManager manager, boolean streaming, int headDim,
                               double ropeTheta, boolean tieWordEmbeddings) {
        super(spec, source, manager, streaming);
        this.rotary = new RotaryEmbedding(headDim, ropeTheta);
        this.embedTokens = source.tensor(manager, "model.embed_tokens.weight", spec.vocabSize(), spec.hiddenSize());
        this.tieWordEmbeddings = tieWordEmbeddings;
    }

    /** The layer's weight prefix in the state dict. */
    protected static String layerPrefix(int index) {
        return "model.layers." + index + ".";
    }

    @Override
    public NDArray embed(NDArray inputIds) {
        return lookup(inputIds, embedTokens);
    }

    @Override
    protected RotaryEmbedding rotary() {
        return rotary;
    }

    @Override
    protected NDArray loadLmHeadWeight(NDManager m) {
        if (tieWordEmbeddings || !weights.has("lm_head.weight")) return embedTokens;
        return weights.tensor(m, "lm_head.weight", spec().vocabSize(), spec().hiddenSize());
    }
}
