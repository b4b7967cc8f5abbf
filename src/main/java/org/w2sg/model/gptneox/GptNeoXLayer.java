package org.w2sg.model.gptneox;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.w2sg.model.Attention;
import org.w2sg.model.AttentionContext;
import org.w2sg.model.DecoderLayer;
import org.w2sg.model.GeluMlp;
import org.w2sg.model.LayerNorm;
import org.w2sg.model.Linear;
import org.w2sg.model.RotaryEmbedding;
import org.w2sg.model.WeightSource;

/**
 * One GPT-NeoX layer. Parallel residual (Pythia): x + attn(ln1(x)) + mlp(ln2(x)); sequential:
 * h = x + attn(ln1(x)), out = h + mlp(ln2(h)). The fused query_key_value projection is laid out per head as
 * [q | k | v] blocks of head_size, which is how its output is split.
 */
final class GptNeoXLayer implements DecoderLayer {
    private final GptNeoXConfig config;
    private final RotaryEmbedding rotary;
    private final NDManager weights;
    private final LayerNorm inputNorm;
    private final LayerNorm postAttentionNorm;
    private final Linear queryKeyValue;
    private final Linear dense;
    private final GeluMlp mlp;
    private final RotaryEmbedding.HeadLayout rotatedHeads;

    GptNeoXLayer(GptNeoXConfig config, RotaryEmbedding rotary, WeightSource source, NDManager parent, String prefix) {
        this.config = config;
        this.rotary = rotary;
        this.weights = parent.newSubManager();
        // the fused projection holds, per head, [q | k | v], headSize each: q and k rotate
        this.rotatedHeads = new RotaryEmbedding.HeadLayout(config.numHeads(), 3, 2, config.headSize());
        long h = config.hiddenSize();
        long i = config.intermediateSize();
        float eps = (float) config.layerNormEps();
        boolean bias = config.attentionBias();
        try {
            inputNorm = new LayerNorm(source.norm(weights, prefix + "input_layernorm.weight", h),
                    source.norm(weights, prefix + "input_layernorm.bias", h), eps);
            postAttentionNorm = new LayerNorm(source.norm(weights, prefix + "post_attention_layernorm.weight", h),
                    source.norm(weights, prefix + "post_attention_layernorm.bias", h), eps);
            queryKeyValue = new Linear(source.tensor(weights, prefix + "attention.query_key_value.weight", 3 * h, h),
                    bias ? source.tensor(weights, prefix + "attention.query_key_value.bias", 3 * h) : null);
            dense = new Linear(source.tensor(weights, prefix + "attention.dense.weight", h, h),
                    bias ? source.tensor(weights, prefix + "attention.dense.bias", h) : null);
            mlp = new GeluMlp(
                    new Linear(source.tensor(weights, prefix + "mlp.dense_h_to_4h.weight", i, h),
                            source.tensor(weights, prefix + "mlp.dense_h_to_4h.bias", i)),
                    new Linear(source.tensor(weights, prefix + "mlp.dense_4h_to_h.weight", h, i),
                            source.tensor(weights, prefix + "mlp.dense_4h_to_h.bias", h)));
        } catch (RuntimeException e) {
            weights.close();
            throw e;
        }
    }

    @Override
    public NDArray forward(NDArray input, AttentionContext context) {
        NDArray x = input.reshape(-1, config.hiddenSize());
        NDArray attention = attention(inputNorm.apply(x), context);
        NDArray out;
        if (config.parallelResidual()) {
            out = mlp.apply(postAttentionNorm.apply(x)).addi(attention).addi(x);
        } else {
            NDArray h = attention.addi(x);
            out = mlp.apply(postAttentionNorm.apply(h)).addi(h);
        }
        return out.reshape(input.getShape());
    }

    /** x: [tokens, hidden], the batch's real tokens packed. */
    private NDArray attention(NDArray x, AttentionContext context) {
        int heads = config.numHeads();
        int d = config.headSize();
        NDArray projected = queryKeyValue.apply(x);
        NDArray qkv = projected.reshape(-1, heads, 3, d);
        rotary.rotate(projected, rotatedHeads, context.rotary());
        NDList parts = qkv.split(3, 2);
        NDArray q = parts.get(0).reshape(-1, heads, d);
        NDArray k = parts.get(1).reshape(-1, heads, d);
        NDArray v = parts.get(2).reshape(-1, heads, d);
        return dense.apply(Attention.packed(q, k, v, context, 1.0 / Math.sqrt(d)));
    }

    @Override
    public void close() {
        weights.close();
    }
}
