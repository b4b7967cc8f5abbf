package org.w2sg.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w2sg.model.RotaryEmbedding;
import org.w2sg.model.TensorSpec;
import org.w2sg.model.gptneox.GptNeoXConfig;

/**
 * GPT-NeoX with trainable parameters, computing what the harness's inference forward (model.gptneox) and transformers'
 * GPTNeoXForCausalLM compute, with ops autograd can differentiate: per-head [q | k | v] split of the fused projection,
 * rotate_half rotary on the first rotary_pct of each head, causal softmax attention, exact GELU, parallel or
 * sequential residual, final LayerNorm, untied embed_out. Parameters are named and ordered as the Hugging Face state
 * dict, so a checkpoint is their values under their names.
 *
 * <p>Memory: each op's result belongs to its left operand's manager, so callers run a step inside a sub-manager and
 * {@link #attachTo temp-attach} the parameters to it; the results then die with that manager.
 */
public final class TrainableGptNeoX implements AutoCloseable {
    private final GptNeoXConfig config;
    private final NDManager manager;
    private final DataType dtype;
    private final Map<String, NDArray> params;
    private final RotaryEmbedding rotary;

    private TrainableGptNeoX(GptNeoXConfig config, NDManager manager, DataType dtype, Map<String, NDArray> params) {
        if (config.tieWordEmbeddings()) {
            throw new IllegalArgumentException("pretrain trains GPT-NeoX with an untied embed_out (Pythia's shape); "
                    + "tie_word_embeddings is true");
        }
        this.config = config;
        this.manager = manager;
        this.dtype = dtype;
        this.params = params;
        this.rotary = new RotaryEmbedding(config.rotaryDims(), config.rotaryBase());
    }

    /** Every tensor of the state dict, in its order, with how transformers initialises it. */
    public static List<TensorSpec> specs(GptNeoXConfig config) {
        return config.tensors();
    }

    /**
     * A model whose parameters take the given values (float32 or float64 arrays keyed by state-dict name; every name
     * of {@link #specs} must be present with its shape). The arrays are copied into a new manager of {@code parent}.
     */
    public static TrainableGptNeoX of(GptNeoXConfig config, NDManager parent, DataType dtype, Map<String, ?> values) {
        NDManager m = parent.newSubManager();
        Map<String, NDArray> params = new LinkedHashMap<>();
        try {
            for (TensorSpec t : specs(config)) {
                Object v = values.get(t.name());
                if (v == null) throw new IllegalArgumentException("no values for parameter " + t.name());
                Shape shape = new Shape(t.shape());
                NDArray a = switch (v) {
                    case float[] f -> m.create(f, shape);
                    case double[] d -> m.create(d, shape);
                    default -> throw new IllegalArgumentException(t.name() + ": float[] or double[] expected");
                };
                if (a.getDataType() != dtype) a = a.toType(dtype, false);
                a.setRequiresGradient(true);
                params.put(t.name(), a);
            }
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
        return new TrainableGptNeoX(config, m, dtype, params);
    }

    public GptNeoXConfig config() {
        return config;
    }

    public DataType dtype() {
        return dtype;
    }

    /** The parameters in state-dict order (the arrays themselves: read them, never close them). */
    public Map<String, NDArray> parameters() {
        return java.util.Collections.unmodifiableMap(params);
    }

    /** Number of parameter values. */
    public long size() {
        return params.values().stream().mapToLong(a -> a.getShape().size()).sum();
    }

    /** Parameters whose decay AdamW skips: biases and LayerNorm weights (1-D tensors), as GPT-NeoX recipes do. */
    public static boolean decayed(String name, long[] shape) {
        return shape.length >= 2;
    }

    /** Temp-attaches every parameter to {@code step}, so the results of ops on them belong to it. */
    public void attachTo(NDManager step) {
        for (NDArray p : params.values()) p.tempAttach(step);
    }

    /** Logits [batch * seq, vocab] for ids [batch, seq] (int64), every sequence starting at position 0. */
    public NDArray logits(NDArray ids) {
        return linear(finalHidden(ids), params.get("embed_out.weight"), null);
    }

    /**
     * Mean next-token cross-entropy over every position: ids and targets are [batch, seq] int64 (targets are the ids
     * shifted by one).
     */
    public NDArray loss(NDArray ids, NDArray targets) {
        NDArray logProbs = logits(ids).logSoftmax(1);
        NDArray picked = logProbs.gather(targets.reshape(-1, 1), 1);
        return picked.mean().neg();
    }

    /**
     * The loss's value and its gradients (accumulated into every parameter's gradient) by the LM head in chunks of
     * {@code chunkTokens} rows: the [tokens, vocab] logits (50,304 wide for Pythia) are never whole in memory, so
     * each chunk's temporaries are small enough for the allocator to reuse instead of mapping fresh pages, and the
     * layers' backward runs once from the head's gradient with respect to the final hidden state
     * (backward of sum(h * stopGradient(dL/dh)), DJL having no backward with a given output gradient).
     */
    public double lossAndBackward(NDArray ids, NDArray targets, ai.djl.training.GradientCollector collector, int chunkTokens,
                                  TrainStep.Timings timings) {
        long t0 = System.nanoTime();
        NDArray hidden = finalHidden(ids);
        long t1 = System.nanoTime();
        long n = hidden.getShape().get(0);
        NDArray detached = hidden.stopGradient();
        detached.setRequiresGradient(true);
        NDArray flatTargets = targets.reshape(-1, 1);
        NDArray head = params.get("embed_out.weight");
        double total = 0;
        for (long from = 0; from < n; from += chunkTokens) {
            long to = Math.min(n, from + chunkTokens);
            try (NDManager chunk = hidden.getManager().newSubManager()) {
                NDArray loss = targetLogProbSum(detached, head, flatTargets, from, to, chunk).div(-(double) n);
                total += loss.toType(DataType.FLOAT64, false).getDouble();
                collector.backward(loss);
            }
        }
        long t2 = System.nanoTime();
        NDArray surrogate = hidden.mul(detached.getGradient().stopGradient()).sum();
        collector.backward(surrogate);
        long t3 = System.nanoTime();
        timings.layersForward += (t1 - t0) / 1e9;
        timings.headAndLoss += (t2 - t1) / 1e9;
        timings.layersBackward += (t3 - t2) / 1e9;
        return total;
    }

    /** The mean loss's value with the LM head in chunks of {@code chunkTokens} rows (no backward: validation). */
    public double lossInChunks(NDArray ids, NDArray targets, int chunkTokens) {
        NDArray hidden = finalHidden(ids);
        long n = hidden.getShape().get(0);
        NDArray flatTargets = targets.reshape(-1, 1);
        NDArray head = params.get("embed_out.weight");
        double total = 0;
        for (long from = 0; from < n; from += chunkTokens) {
            long to = Math.min(n, from + chunkTokens);
            try (NDManager chunk = hidden.getManager().newSubManager()) {
                total -= targetLogProbSum(hidden, head, flatTargets, from, to, chunk)
                        .toType(DataType.FLOAT64, false).getDouble();
            }
        }
        return total / n;
    }

    /**
     * Sum over rows {@code from..to} of log p(target) under the LM head; the rows' logits live in {@code chunk}, so
     * only a chunk's [rows, vocab] block is ever held.
     */
    private NDArray targetLogProbSum(NDArray hidden, NDArray head, NDArray flatTargets, long from, long to,
                                     NDManager chunk) {
        NDArray h = hidden.get(from + ":" + to);
        h.attach(chunk);
        return linear(h, head, null).logSoftmax(1).gather(flatTargets.get(from + ":" + to), 1).sum();
    }

    /** Hidden states after the final LayerNorm, [batch * seq, hidden]. */
    public NDArray finalHidden(NDArray ids) {
        NDArray x = hiddenStates(ids, config.numLayers());
        return layerNorm(x, "gpt_neox.final_layer_norm.");
    }

    /**
     * The residual stream after {@code layers} layers (0 = the embeddings), [batch * seq, hidden]: transformers'
     * hidden_states[layers] for layers below num_hidden_layers.
     */
    public NDArray hiddenStates(NDArray ids, int layers) {
        long batch = ids.getShape().get(0);
        int seq = Math.toIntExact(ids.getShape().get(1));
        NDArray embedIn = params.get("gpt_neox.embed_in.weight");
        NDArray flat = ids.reshape(-1);
        NDArray x = flat.getNDArrayInternal().embedding(flat, embedIn, SparseFormat.DENSE).singletonOrThrow();
        PositionConstants constants = positionConstants.computeIfAbsent(seq, this::positionConstants);
        for (int l = 0; l < layers; l++) x = layer(x, l, batch, seq, constants);
        return x;
    }

    /**
     * The causal mask and the rotary tables, already in the shapes the layers use, for one sequence length. They are
     * constants, made once per length in the model's own manager: made per step, each went through a fresh direct
     * buffer that only a garbage collection returned, so the C heap grew between collections. Only ever a right
     * operand, so no per-step result lands in the model's manager.
     */
    private record PositionConstants(NDArray cos, NDArray signedSin, NDArray mask) {}

    private final Map<Integer, PositionConstants> positionConstants = new java.util.HashMap<>();

    private PositionConstants positionConstants(int seq) {
        long[] positions = new long[seq];
        for (int i = 0; i < seq; i++) positions[i] = i;
        int r = config.rotaryDims();
        NDArray cos = null;
        NDArray sin = null;
        if (r > 0) {
            RotaryEmbedding.Tables tables = rotary.tables(positions, manager, dtype);
            cos = tables.cos().reshape(1, seq, 1, r);
            sin = tables.signedSin().reshape(1, seq, 1, r);
        }
        return new PositionConstants(cos, sin, causalMask(seq, manager));
    }

    private NDArray layer(NDArray x, int index, long batch, int seq, PositionConstants constants) {
        String p = "gpt_neox.layers." + index + ".";
        NDArray attention = attention(layerNorm(x, p + "input_layernorm."), p, batch, seq, constants);
        if (config.parallelResidual()) {
            return mlp(layerNorm(x, p + "post_attention_layernorm."), p).add(attention).add(x);
        }
        NDArray h = attention.add(x);
        return mlp(layerNorm(h, p + "post_attention_layernorm."), p).add(h);
    }

    private NDArray attention(NDArray x, String p, long batch, int seq, PositionConstants constants) {
        int heads = config.numHeads();
        int d = config.headSize();
        NDArray qkv = linear(x, params.get(p + "attention.query_key_value.weight"),
                params.get(p + "attention.query_key_value.bias")).reshape(batch, seq, heads, 3, d);
        NDList parts = qkv.split(3, 3);
        NDArray q = rotate(parts.get(0).reshape(batch, seq, heads, d), constants);
        NDArray k = rotate(parts.get(1).reshape(batch, seq, heads, d), constants);
        NDArray v = parts.get(2).reshape(batch, seq, heads, d);
        NDArray scaled = q.transpose(0, 2, 1, 3).mul(1.0 / Math.sqrt(d));
        NDArray scores = scaled.matMul(k.transpose(0, 2, 3, 1)).add(constants.mask());
        NDArray probs = scores.softmax(3);
        NDArray context = probs.matMul(v.transpose(0, 2, 1, 3)).transpose(0, 2, 1, 3).reshape(batch * seq, (long) heads * d);
        return linear(context, params.get(p + "attention.dense.weight"), params.get(p + "attention.dense.bias"));
    }

    /** rotate_half rotary on the first rotaryDims features of each head: x * cos + rotate_half(x) * sin. */
    private NDArray rotate(NDArray x, PositionConstants constants) {
        int r = config.rotaryDims();
        if (r == 0) return x;
        int d = config.headSize();
        NDList split = r < d ? x.split(new long[] {r}, 3) : new NDList(x);
        NDArray rot = split.get(0);
        NDList halves = rot.split(2, 3);
        // signedSin holds (-sin, +sin) over the halves, so rotate_half(x) * sin = (x2, x1) * signedSin
        NDArray swapped = NDArrays.concat(new NDList(halves.get(1), halves.get(0)), 3).mul(constants.signedSin());
        NDArray rotated = rot.mul(constants.cos()).add(swapped);
        return r < d ? NDArrays.concat(new NDList(rotated, split.get(1)), 3) : rotated;
    }

    private NDArray mlp(NDArray x, String p) {
        NDArray up = linear(x, params.get(p + "mlp.dense_h_to_4h.weight"), params.get(p + "mlp.dense_h_to_4h.bias"));
        return linear(Activation.gelu(up), params.get(p + "mlp.dense_4h_to_h.weight"), params.get(p + "mlp.dense_4h_to_h.bias"));
    }

    private NDArray layerNorm(NDArray x, String prefix) {
        NDArray w = params.get(prefix + "weight");
        return ai.djl.nn.norm.LayerNorm.layerNorm(x, new Shape(w.getShape().get(0)), w, params.get(prefix + "bias"),
                (float) config.layerNormEps()).singletonOrThrow();
    }

    private static NDArray linear(NDArray x, NDArray w, NDArray b) {
        return (b == null ? ai.djl.nn.core.Linear.linear(x, w) : ai.djl.nn.core.Linear.linear(x, w, b)).singletonOrThrow();
    }

    /** Additive causal mask [1, 1, seq, seq]: 0 where key j <= query i, the dtype's lowest finite value elsewhere. */
    private NDArray causalMask(int seq, NDManager m) {
        float[] values = new float[seq * seq];
        for (int q = 0; q < seq; q++) for (int k = q + 1; k < seq; k++) values[q * seq + k] = -Float.MAX_VALUE;
        NDArray mask = m.create(values, new Shape(1, 1, seq, seq));
        return dtype == DataType.FLOAT32 ? mask : mask.toType(dtype, false);
    }

    @Override
    public void close() {
        manager.close();
    }
}
