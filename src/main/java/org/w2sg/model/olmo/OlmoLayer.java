package org.w2sg.model.olmo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.w2sg.model.Attention;
import org.w2sg.model.AttentionContext;
import org.w2sg.model.DecoderLayer;
import org.w2sg.model.LayerNorm;
import org.w2sg.model.Linear;
import org.w2sg.model.RotaryEmbedding;
import org.w2sg.model.SwiGluMlp;
import org.w2sg.model.WeightSource;

/**
 * One OLMo v1 layer, pre-norm with non-parametric LayerNorm: h = x + attn(ln(x)); out = h + mlp(ln(h)). q, k and v
 * come from one fused projection and, when clip_qkv is set, are clamped to [-clip_qkv, clip_qkv] before RoPE.
 */
final class OlmoLayer implements DecoderLayer {
    private final OlmoConfig config;
    private final RotaryEmbedding rotary;
    private final LayerNorm norm;
    private final NDManager weights;
    private final Linear qkv;
    private final Linear output;
    private final SwiGluMlp mlp;

    OlmoLayer(OlmoConfig config, RotaryEmbedding rotary, LayerNorm norm, WeightSource source, NDManager parent,
              String prefix) {
        this.config = config;
        this.rotary = rotary;
        this.norm = norm;
        this.weights = parent.newSubManager();
        long h = config.hiddenSize();
        long kv = (long) config.numKvHeads() * config.headDim();
        long i = config.intermediateSize();
        String a = prefix + "self_attn.";
        String m = prefix + "mlp.";
        try {
            qkv = source.fusedQkv(weights, a, h, kv, config.attentionBias());
            output = new Linear(source.tensor(weights, a + "o_proj.weight", h, h),
                    config.attentionBias() ? source.tensor(weights, a + "o_proj.bias", h) : null);
            mlp = source.swiGluMlp(weights, m, h, i);
        } catch (RuntimeException e) {
            weights.close();
            throw e;
        }
    }

    @Override
    public NDArray forward(NDArray input, AttentionContext context) {
        NDArray x = input.reshape(-1, config.hiddenSize());
        NDArray h = attention(norm.apply(x), context).addi(x);
        return mlp.apply(norm.apply(h)).addi(h).reshape(input.getShape());
    }

    /** x: [tokens, hidden], the batch's real tokens packed. */
    private NDArray attention(NDArray x, AttentionContext context) {
        int heads = config.numHeads();
        int kvHeads = config.numKvHeads();
        NDArray projected = qkv.apply(x);
        if (config.clipQkv() != null) projected = projected.clip(-config.clipQkv(), config.clipQkv());
        NDArray perHead = projected.reshape(-1, heads + 2L * kvHeads, config.headDim());
        // q heads then k heads, headDim each, lead every row
        rotary.rotate(projected, new RotaryEmbedding.HeadLayout(1, heads + 2 * kvHeads, heads + kvHeads,
                config.headDim()), context.rotary());
        NDList qkvHeads = perHead.split(new long[] {heads, heads + kvHeads}, 1);
        return output.apply(Attention.packed(qkvHeads.get(0), qkvHeads.get(1), qkvHeads.get(2), context,
                1.0 / Math.sqrt(config.headDim())));
    }

    @Override
    public void close() {
        weights.close();
    }
}
