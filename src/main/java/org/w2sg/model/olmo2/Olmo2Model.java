package org.w2sg.model.olmo2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.w2sg.model.DecoderLayer;
import org.w2sg.model.DecoderStack;
import org.w2sg.model.ModelSpec;
import org.w2sg.model.RmsNorm;
import org.w2sg.model.RotaryEmbedding;
import org.w2sg.model.WeightSource;

/** OLMo-2 as transformers' Olmo2ForCausalLM computes it: embed_tokens -> post-norm layers -> RMSNorm -> lm_head. */
public final class Olmo2Model extends DecoderStack {
    private final Olmo2Config config;
    private final RotaryEmbedding rotary;
    private final NDArray embedTokens;
    private final RmsNorm norm;

    public Olmo2Model(Olmo2Config config, WeightSource source, NDManager manager, boolean streaming) {
        super(new ModelSpec("olmo2", config.numLayers(), config.hiddenSize(), config.vocabSize(), config.padTokenId(),
                config.nonEmbeddingParameters()), source, manager, streaming);
        this.config = config;
        this.rotary = new RotaryEmbedding(config.headDim(), config.ropeTheta());
        long h = config.hiddenSize();
        this.embedTokens = source.tensor(manager, "model.embed_tokens.weight", config.vocabSize(), h);
        this.norm = new RmsNorm(source.norm(manager, "model.norm.weight", h), (float) config.rmsNormEps());
        loadResidentLayers();
    }

    public Olmo2Config config() {
        return config;
    }

    @Override
    public NDArray embed(NDArray inputIds) {
        return lookup(inputIds, embedTokens);
    }

    @Override
    public DecoderLayer loadLayer(int index) {
        return new Olmo2Layer(config, rotary, weights, manager, "model.layers." + index + ".");
    }

    @Override
    public NDArray finalNorm(NDArray hidden) {
        return norm.apply(hidden);
    }

    @Override
    protected RotaryEmbedding rotary() {
        return rotary;
    }

    @Override
    protected NDArray loadLmHeadWeight(NDManager m) {
        if (config.tieWordEmbeddings() || !weights.has("lm_head.weight")) return embedTokens;
        return weights.tensor(m, "lm_head.weight", config.vocabSize(), config.hiddenSize());
    }
}
