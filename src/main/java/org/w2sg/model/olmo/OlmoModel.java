package org.w2sg.model.olmo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.w2sg.model.DecoderLayer;
import org.w2sg.model.EmbedTokensStack;
import org.w2sg.model.LayerNorm;
import org.w2sg.model.ModelSpec;
import org.w2sg.model.WeightSource;

/**
 * OLMo v1 in transformers' layout (OlmoForCausalLM, the "-hf" repositories): embed_tokens -> layers -> non-parametric
 * LayerNorm -> lm_head, the head tied to the embeddings when tie_word_embeddings is set or lm_head.weight is absent.
 */
public final class OlmoModel extends EmbedTokensStack {
    private final OlmoConfig config;
    private final LayerNorm norm;

    public OlmoModel(OlmoConfig config, WeightSource source, NDManager manager, boolean streaming) {
        super(new ModelSpec("olmo", config.numLayers(), config.hiddenSize(), config.vocabSize(), config.padTokenId(),
                config.nonEmbeddingParameters()), source, manager, streaming, config.headDim(), config.ropeTheta(),
                config.tieWordEmbeddings());
        this.config = config;
        long h = config.hiddenSize();
        // OLMo's LayerNorm has no parameters: weight 1 and bias 0 give exactly the affine-free result.
        this.norm = new LayerNorm(manager.ones(new Shape(h), DataType.FLOAT32), manager.zeros(new Shape(h), DataType.FLOAT32),
                OlmoConfig.LAYER_NORM_EPS);
        loadResidentLayers();
    }

    public OlmoConfig config() {
        return config;
    }

    @Override
    public DecoderLayer loadLayer(int index) {
        return new OlmoLayer(config, rotary(), norm, weights, manager, layerPrefix(index));
    }

    @Override
    public NDArray finalNorm(NDArray hidden) {
        return norm.apply(hidden);
    }
}
