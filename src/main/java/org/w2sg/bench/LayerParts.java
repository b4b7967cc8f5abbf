package org.w2sg.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.w2sg.model.ActivationFunctions;
import org.w2sg.model.Attention;
import org.w2sg.model.AttentionContext;
import org.w2sg.model.DecoderLayer;
import org.w2sg.model.DecoderStack;
import org.w2sg.model.HfConfig;
import org.w2sg.model.LayerNorm;
import org.w2sg.model.Linear;
import org.w2sg.model.PackedTokens;
import org.w2sg.model.RmsNorm;
import org.w2sg.model.RotaryEmbedding;
import org.w2sg.model.TokenBatch;
import org.w2sg.model.gptneox.GptNeoXConfig;
import org.w2sg.model.olmo.OlmoConfig;
import org.w2sg.model.olmo2.Olmo2Config;

/**
 * Where a decoder layer's time goes, measured apart from the forward pass: the forward pass times itself only at layer
 * boundaries, so the bench runs one real layer and then each of its parts on their own (the model's primitives at the
 * layer's shapes, on the same packed batches), once. The parts' shares of the whole layer split the layers' time the
 * run measured; what the parts do not account for (residual adds, reshapes, splits) is the rest.
 */
final class LayerParts {
    static final String QKV_OUT = "attention: qkv + output GEMMs";
    static final String CORE = "attention: scores, mask, softmax, context";
    static final String ROTARY = "attention: rotary";
    static final String MLP = "MLP: up + down GEMMs";
    static final String ACTIVATION = "MLP: activation";
    static final String NORMS = "layer norms";
    static final String REST = "residual adds, reshapes, per-layer bookkeeping";

    /**
     * A layer's shape as its parts see it.
     *
     * @param gated SwiGLU (gate and up fused, silu(gate) * up) rather than GELU
     * @param rotatedHeads the projection's layout for the rotary embedding
     * @param norms norms per layer over [tokens, hidden]; {@code qkNorms}: OLMo-2's extra norms over the q and k rows
     */
    record Dims(String modelType, int hidden, int heads, int kvHeads, int headDim, int intermediate, boolean gated,
                 boolean rms, int norms, boolean qkNorms, boolean bias, int rotaryDims, double ropeBase,
                 RotaryEmbedding.HeadLayout rotatedHeads) {
        String activation() {
            return gated ? "silu(gate) * up" : "exact GELU";
        }
    }

    static Dims of(Path checkpoint) {
        HfConfig c = HfConfig.read(checkpoint);
        return switch (c.modelType()) {
            case "gpt_neox" -> {
                GptNeoXConfig g = GptNeoXConfig.from(c);
                yield new Dims("gpt_neox", g.hiddenSize(), g.numHeads(), g.numHeads(), g.headSize(), g.intermediateSize(),
                        false, false, 2, false, g.attentionBias(), g.rotaryDims(), g.rotaryBase(),
                        new RotaryEmbedding.HeadLayout(g.numHeads(), 3, 2, g.headSize()));
            }
            case "olmo" -> {
                OlmoConfig o = OlmoConfig.from(c);
                yield new Dims("olmo", o.hiddenSize(), o.numHeads(), o.numKvHeads(), o.headDim(), o.intermediateSize(),
                        true, false, 2, false, o.attentionBias(), o.headDim(), o.ropeTheta(),
                        new RotaryEmbedding.HeadLayout(1, o.numHeads() + 2 * o.numKvHeads(), o.numHeads() + o.numKvHeads(), o.headDim()));
            }
            case "olmo2" -> {
                Olmo2Config o = Olmo2Config.from(c);
                yield new Dims("olmo2", o.hiddenSize(), o.numHeads(), o.numKvHeads(), o.headDim(), o.intermediateSize(),
                        true, true, 2, true, o.attentionBias(), o.headDim(), o.ropeTheta(),
                        new RotaryEmbedding.HeadLayout(1, o.numHeads() + 2 * o.numKvHeads(), o.numHeads() + o.numKvHeads(), o.headDim()));
            }
            default -> throw new IllegalArgumentException("no layer parts for model_type " + c.modelType());
        };
    }

    private LayerParts() {}

    /**
     * Nanoseconds per part (and {@link #WHOLE}: the real layer 0) summed over the batches, each run once after one
     * untimed round on the first batch. Parts run on the layer's input (the batches' embeddings) with random weights of
     * the layer's shapes: their cost depends on shapes, not values.
     */
    static Map<String, Long> measure(DecoderStack model, Dims s, List<TokenBatch> batches, Device device) {
        Map<String, Long> nanos = new LinkedHashMap<>();
        try (NDManager base = NDManager.newBaseManager(device)) {
            Weights w = new Weights(base, s);
            DecoderLayer layer = model.layer(0);
            try {
                for (int round = 0; round <= batches.size(); round++) {
                    boolean warm = round == 0;
                    TokenBatch batch = batches.get(warm ? 0 : round - 1);
                    try (NDManager m = base.newSubManager()) {
                        PackedTokens packed = PackedTokens.of(batch);
                        AttentionContext context = model.attentionContext(packed, m);
                        NDArray x = model.embed(packed, m);
                        Map<String, Long> into = warm ? new LinkedHashMap<>() : nanos;
                        time(into, WHOLE, () -> layer.forward(x, context));
                        parts(into, s, w, x, context);
                    }
                }
            } finally {
                if (model.streaming()) layer.close();
            }
        }
        return nanos;
    }

    static final String WHOLE = "whole layer";

    /**
     * The layers' measured time split by each part's share of the whole layer measured apart; the rest of the whole is
     * {@link #REST}. Parts that add up to more than the whole (each run alone pays its own set-up) share it instead.
     */
    static Map<String, Long> split(long layerNanos, Map<String, Long> measured) {
        long whole = measured.getOrDefault(WHOLE, 0L);
        long parts = measured.entrySet().stream().filter(e -> !e.getKey().equals(WHOLE)).mapToLong(Map.Entry::getValue).sum();
        double of = Math.max(whole, parts);
        Map<String, Long> out = new LinkedHashMap<>();
        long assigned = 0;
        for (var e : measured.entrySet()) {
            if (e.getKey().equals(WHOLE)) continue;
            long v = of > 0 ? Math.round(layerNanos * (e.getValue() / of)) : 0;
            out.put(e.getKey(), v);
            assigned += v;
        }
        out.put(REST, Math.max(0, layerNanos - assigned));
        return out;
    }

    /** One layer's parts in the order the layer runs them. */
    private static void parts(Map<String, Long> into, Dims s, Weights w, NDArray x, AttentionContext context) {
        int d = s.headDim();
        NDArray normed = time(into, NORMS, () -> {
            NDArray out = x;
            for (int i = 0; i < s.norms(); i++) out = w.norm(x);
            return out;
        });
        NDArray projected = time(into, QKV_OUT, () -> w.qkv.apply(normed));
        if (s.qkNorms()) {
            time(into, NORMS, () -> {
                NDList qk = projected.split(new long[] {(long) s.heads() * d, (long) (s.heads() + s.kvHeads()) * d}, 1);
                w.qNorm.apply(qk.get(0));
                return w.kNorm.apply(qk.get(1));
            });
        }
        time(into, ROTARY, () -> {
            new RotaryEmbedding(s.rotaryDims(), s.ropeBase()).rotate(projected, s.rotatedHeads(), context.rotary());
            return projected;
        });
        NDArray perHead = projected.reshape(-1, s.heads() + 2L * s.kvHeads(), d);
        NDList qkv = perHead.split(new long[] {s.heads(), s.heads() + s.kvHeads()}, 1);
        NDArray attended = time(into, CORE, () -> Attention.packed(qkv.get(0), qkv.get(1), qkv.get(2), context, 1.0 / Math.sqrt(d)));
        time(into, QKV_OUT, () -> w.out.apply(attended));
        NDArray up = time(into, MLP, () -> w.up.apply(normed));
        NDArray activated = time(into, ACTIVATION, () -> {
            if (!s.gated()) return ActivationFunctions.gelu(up);
            NDList gateAndUp = up.split(2, 1);
            return ActivationFunctions.silu(gateAndUp.get(0)).muli(gateAndUp.get(1));
        });
        time(into, MLP, () -> w.down.apply(activated));
    }

    /** Runs a part and adds its wall time; on a GPU it waits for the result, which is asynchronous there. */
    private static NDArray time(Map<String, Long> into, String part, Supplier<NDArray> run) {
        long t0 = System.nanoTime();
        NDArray out = run.get();
        if (out.getDevice().isGpu()) out.get(0).toType(DataType.FLOAT32, false).toFloatArray();
        into.merge(part, System.nanoTime() - t0, Long::sum);
        return out;
    }

    /** Random weights of the layer's shapes (float32; the bench's compute type). */
    private static final class Weights {
        final Linear qkv;
        final Linear out;
        final Linear up;
        final Linear down;
        final LayerNorm layerNorm;
        final RmsNorm rmsNorm;
        final boolean rms;
        final RmsNorm qNorm;
        final RmsNorm kNorm;

        Weights(NDManager m, Dims s) {
            long h = s.hidden();
            long qkvRows = (long) (s.heads() + 2 * s.kvHeads()) * s.headDim();
            long upRows = (s.gated() ? 2L : 1L) * s.intermediate();
            qkv = new Linear(random(m, qkvRows, h), s.bias() ? m.zeros(new Shape(qkvRows)) : null);
            out = new Linear(random(m, h, h), s.bias() ? m.zeros(new Shape(h)) : null);
            up = new Linear(random(m, upRows, h), s.modelType().equals("gpt_neox") ? m.zeros(new Shape(upRows)) : null);
            down = new Linear(random(m, h, s.intermediate()), s.modelType().equals("gpt_neox") ? m.zeros(new Shape(h)) : null);
            layerNorm = new LayerNorm(m.ones(new Shape(h)), m.zeros(new Shape(h)), 1e-5f);
            rmsNorm = new RmsNorm(m.ones(new Shape(h)), 1e-6f);
            rms = s.rms();
            qNorm = new RmsNorm(m.ones(new Shape((long) s.heads() * s.headDim())), 1e-6f);
            kNorm = new RmsNorm(m.ones(new Shape((long) s.kvHeads() * s.headDim())), 1e-6f);
        }

        NDArray norm(NDArray x) {
            return rms ? rmsNorm.apply(x) : layerNorm.apply(x);
        }

        private static NDArray random(NDManager m, long rows, long cols) {
            return m.randomNormal(0f, 0.02f, new Shape(rows, cols), DataType.FLOAT32);
        }
    }
}
