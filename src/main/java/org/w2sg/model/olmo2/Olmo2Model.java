package org.w2sg.model.olmo2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.w2sg.model.DecoderLayer;
import org.w2sg.model.EmbedTokensStack;
import org.w2sg.model.ModelSpec;
import org.w2sg.model.RmsNorm;
import org.w2sg.model.WeightSource;

/** OLMo-2 as transformers' Olmo2ForCausalLM computes it: embed_tokens -> post-norm layers -> RMSNorm -> lm_head. */
public final class Olmo2Model extends EmbedTokensStack {
    private final Olmo2Config config;
    private final RmsNorm norm;

    public Olmo2Model(Olmo2Config config, WeightSource source, NDManager manager, boolean streaming) {
        super(new ModelSpec("olmo2", config.numLayers(), config.hiddenSize(), config.vocabSize(), config.padTokenId(),
                config.nonEmbeddingParameters()), source, manager, streaming, config.headDim(), config.ropeTheta(),
                config.tieWordEmbeddings());
        this.config = config;
        this.norm = new RmsNorm(source.norm(manager, "model.norm.weight", config.hiddenSize()), (float) config.rmsNormEps());
        loadResidentLayers();
    }

    public Olmo2Config config() {
        return config;
    }

    @Override
    public DecoderLayer loadLayer(int index) {
        return new Olmo2Layer(config, rotary(), weights, manager, layerPrefix(index));
    }

    @Override
    public NDArray finalNorm(NDArray hidden) {
        return norm.apply(hidden);
    }
}
