package org.w2sg.model.olmo2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.w2sg.model.Attention;
import org.w2sg.model.AttentionContext;
import org.w2sg.model.DecoderLayer;
import org.w2sg.model.Linear;
import org.w2sg.model.RmsNorm;
import org.w2sg.model.RotaryEmbedding;
import org.w2sg.model.SwiGluMlp;
import org.w2sg.model.WeightSource;

/**
 * One OLMo-2 layer, post-norm: h = x + norm_attn(attn(x)); out = h + norm_ffn(mlp(h)). Queries and keys pass through
 * an RMSNorm over their full projected width (all heads together) before RoPE; key/value heads may be grouped.
 */
final class Olmo2Layer implements DecoderLayer {
    private final Olmo2Config config;
    private final RotaryEmbedding rotary;
    private final NDManager weights;
    private final Linear qkv;
    private final RmsNorm queryNorm;
    private final RmsNorm keyNorm;
    private final Linear output;
    private final RmsNorm postAttentionNorm;
    private final SwiGluMlp mlp;
    private final RmsNorm postFeedForwardNorm;

    Olmo2Layer(Olmo2Config config, RotaryEmbedding rotary, WeightSource source, NDManager parent, String prefix) {
        this.config = config;
        this.rotary = rotary;
        this.weights = parent.newSubManager();
        long h = config.hiddenSize();
        long kv = (long) config.numKvHeads() * config.headDim();
        long i = config.intermediateSize();
        float eps = (float) config.rmsNormEps();
        String a = prefix + "self_attn.";
        String m = prefix + "mlp.";
        try {
            qkv = source.fusedQkv(weights, a, h, kv, config.attentionBias());
            queryNorm = new RmsNorm(source.norm(weights, a + "q_norm.weight", h), eps);
            keyNorm = new RmsNorm(source.norm(weights, a + "k_norm.weight", kv), eps);
            output = new Linear(source.tensor(weights, a + "o_proj.weight", h, h),
                    config.attentionBias() ? source.tensor(weights, a + "o_proj.bias", h) : null);
            postAttentionNorm = new RmsNorm(source.norm(weights, prefix + "post_attention_layernorm.weight", h), eps);
            mlp = source.swiGluMlp(weights, m, h, i);
            postFeedForwardNorm = new RmsNorm(source.norm(weights, prefix + "post_feedforward_layernorm.weight", h), eps);
        } catch (RuntimeException e) {
            weights.close();
            throw e;
        }
    }

    @Override
    public NDArray forward(NDArray input, AttentionContext context) {
        NDArray x = input.reshape(-1, config.hiddenSize());
        NDArray h = postAttentionNorm.apply(attention(x, context)).addi(x);
        return postFeedForwardNorm.apply(mlp.apply(h)).addi(h).reshape(input.getShape());
    }

    /** x: [tokens, hidden], the batch's real tokens packed. */
    private NDArray attention(NDArray x, AttentionContext context) {
        int heads = config.numHeads();
        int kvHeads = config.numKvHeads();
        int d = config.headDim();
        NDList parts = qkv.apply(x).split(new long[] {(long) heads * d, (long) (heads + kvHeads) * d}, 1);
        NDArray qRows = queryNorm.apply(parts.get(0));
        NDArray kRows = keyNorm.apply(parts.get(1));
        NDArray q = qRows.reshape(-1, heads, d);
        NDArray k = kRows.reshape(-1, kvHeads, d);
        NDArray v = parts.get(2).reshape(-1, kvHeads, d);
        rotary.rotate(qRows, RotaryEmbedding.HeadLayout.all(heads, d), context.rotary());
        rotary.rotate(kRows, RotaryEmbedding.HeadLayout.all(kvHeads, d), context.rotary());
        return output.apply(Attention.packed(q, k, v, context, 1.0 / Math.sqrt(d)));
    }

    @Override
    public void close() {
        weights.close();
    }
}
