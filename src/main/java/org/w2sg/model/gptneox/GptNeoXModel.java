package org.w2sg.model.gptneox;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.w2sg.model.DecoderLayer;
import org.w2sg.model.DecoderStack;
import org.w2sg.model.LayerNorm;
import org.w2sg.model.ModelSpec;
import org.w2sg.model.RotaryEmbedding;
import org.w2sg.model.WeightSource;

/**
 * GPT-NeoX (the Pythia suite) as transformers' GPTNeoXForCausalLM computes it: embed_in -> layers -> final_layer_norm
 * -> embed_out. Accepts tensor names with or without the "gpt_neox." prefix (base-model checkpoints omit it).
 */
public final class GptNeoXModel extends DecoderStack {
    private final GptNeoXConfig config;
    private final String prefix;
    private final RotaryEmbedding rotary;
    private final NDArray embedIn;
    private final LayerNorm finalNorm;

    public GptNeoXModel(GptNeoXConfig config, WeightSource source, NDManager manager, boolean streaming) {
        super(new ModelSpec("gpt_neox", config.numLayers(), config.hiddenSize(), config.vocabSize(),
                config.padTokenId(), config.nonEmbeddingParameters()), source, manager, streaming);
        this.config = config;
        this.prefix = source.has("embed_in.weight") && !source.has("gpt_neox.embed_in.weight") ? "" : "gpt_neox.";
        this.rotary = new RotaryEmbedding(config.rotaryDims(), config.rotaryBase());
        long h = config.hiddenSize();
        this.embedIn = source.tensor(manager, prefix + "embed_in.weight", config.vocabSize(), h);
        this.finalNorm = new LayerNorm(source.norm(manager, prefix + "final_layer_norm.weight", h),
                source.norm(manager, prefix + "final_layer_norm.bias", h), (float) config.layerNormEps());
        loadResidentLayers();
    }

    public GptNeoXConfig config() {
        return config;
    }

    @Override
    public NDArray embed(NDArray inputIds) {
        return lookup(inputIds, embedIn);
    }

    @Override
    public DecoderLayer loadLayer(int index) {
        return new GptNeoXLayer(config, rotary, weights, manager, prefix + "layers." + index + ".");
    }

    @Override
    public NDArray finalNorm(NDArray hidden) {
        return finalNorm.apply(hidden);
    }

    @Override
    protected RotaryEmbedding rotary() {
        return rotary;
    }

    @Override
    protected NDArray loadLmHeadWeight(NDManager m) {
        if (config.tieWordEmbeddings() || !weights.has("embed_out.weight")) return embedIn;
        return weights.tensor(m, "embed_out.weight", config.vocabSize(), config.hiddenSize());
    }
}
