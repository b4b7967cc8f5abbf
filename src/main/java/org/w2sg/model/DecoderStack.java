package org.w2sg.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.w2sg.machine.MemoryPlan;

/**
 * The shape every supported architecture shares: embed -> decoder layers -> final norm -> LM head. Subclasses
 * describe their own pieces; {@link #forwardLayerByLayer} runs batches through them, stopping after the deepest layer
 * anyone asked for, with native memory bounded: a sub-manager per batch, and within it a scratch sub-manager per layer
 * so a layer's temporaries are freed as soon as its output exists.
 *
 * <p>Layer streaming: with {@code streamLayers} no layer is resident; {@link #loadLayer(int)} builds one layer's
 * weights on demand and closing the returned {@link DecoderLayer} releases them. Callers that run a whole dataset layer by
 * layer use {@link #embed(TokenBatch, NDManager)}, {@link #attentionContext}, {@link #loadLayer} and
 * {@link #finalNorm} directly.
 */
public abstract class DecoderStack implements DecoderModel {
    protected final NDManager manager;
    protected final WeightSource weights;
    private final ModelSpec spec;
    private final boolean streaming;
    private final DecoderLayer[] resident;
    private final AtomicLong layerCalls = new AtomicLong();
    private final AtomicLong layerLoads = new AtomicLong();
    private NDArray lmHead;
    private MemoryPlan memoryPlan;

    protected DecoderStack(ModelSpec spec, WeightSource weights, NDManager manager, boolean streaming) {
        this.spec = spec;
        this.weights = weights;
        this.manager = manager;
        this.streaming = streaming;
        this.resident = new DecoderLayer[spec.numLayers()];
    }

    /** Subclasses call this at the end of their constructor; a no-op when streaming. */
    protected final void loadResidentLayers() {
        if (streaming) return;
        for (int i = 0; i < resident.length; i++) resident[i] = loadLayer(i);
    }

    // ---- the architecture's own pieces ----

    /** Token ids (int64, any shape) to embeddings (that shape + [hidden]). */
    public abstract NDArray embed(NDArray inputIds);

    /** Builds layer {@code index} with its own weights (in a sub-manager of this model's); close it to release them. */
    public abstract DecoderLayer loadLayer(int index);

    /** The norm applied after the last layer. */
    public abstract NDArray finalNorm(NDArray hidden);

    /** The rotary embedding every layer shares. */
    protected abstract RotaryEmbedding rotary();

    /** The LM head weight [vocab, hidden] (the embedding matrix when tied); loaded only when logits are asked for. */
    protected abstract NDArray loadLmHeadWeight(NDManager manager);

    // ---- pieces usable on their own ----

    @Override
    public ModelSpec spec() {
        return spec;
    }

    public boolean streaming() {
        return streaming;
    }

    /** The memory budget this model was loaded under (--max-memory), if any. */
    public java.util.Optional<MemoryPlan> memoryPlan() {
        return java.util.Optional.ofNullable(memoryPlan);
    }

    void memoryPlan(MemoryPlan plan) {
        this.memoryPlan = plan;
    }

    /** The packed tokens' embeddings, [tokens, hidden]. */
    public NDArray embed(PackedTokens tokens, NDManager batchManager) {
        NDArray ids = batchManager.create(tokens.ids(), new Shape(tokens.tokens()));
        return embed(ids);
    }

    public AttentionContext attentionContext(PackedTokens tokens, NDManager batchManager) {
        return AttentionContext.of(tokens, rotary(), batchManager, weights.target().dtype());
    }

    /** The resident layer {@code index}; in streaming mode a freshly loaded one the caller must close. */
    public DecoderLayer layer(int index) {
        if (!streaming) return resident[index];
        layerLoads.incrementAndGet();
        return loadLayer(index);
    }

    /** How many times a streaming model has read a layer's weights (tests use it to check layer-by-layer runs). */
    public long layerLoads() {
        return layerLoads.get();
    }

    public NDArray logits(NDArray normedHidden) {
        NDArray head;
        synchronized (this) {
            if (lmHead == null) lmHead = loadLmHeadWeight(manager);
            head = lmHead;
        }
        return new Linear(head, null).apply(normedHidden);
    }

    /** How many decoder-layer forward calls this model has made (tests use it to check early stopping). */
    public long layerCalls() {
        return layerCalls.get();
    }

    protected static NDArray lookup(NDArray ids, NDArray table) {
        return ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
    }

    @Override
    public void forward(TokenBatch batch, HiddenRequest request, HiddenStateSink sink) {
        forwardLayerByLayer(List.of(batch), request, List.of(sink));
    }

    /**
     * The forward pass as nanoGPT writes it, x = wte(idx); for block in h: x = block(x); x = ln_f(x), for several
     * batches at once: every batch passes layer i before any passes layer i + 1, so each layer is built once for all of
     * them (with streaming, one read of its weights per call rather than per batch). Each batch's requested outputs go
     * to its own sink as they appear, in increasing index order. {@link StackRun} does the bookkeeping: per-batch
     * memory, packing, delivery to the sinks, timing at layer boundaries.
     */
    public void forwardLayerByLayer(List<TokenBatch> batches, HiddenRequest request, List<? extends HiddenStateSink> sinks) {
        try (StackRun run = StackRun.start(this, batches, request, sinks)) {
            run.embed();                                                // hidden state 0
            for (int i = 0; i < run.layersNeeded(); i++) run.layer(i);  // hidden state i + 1
            run.finalNormAndHead();                                     // the last hidden state (normed), logits
        }
    }

    /** Runs decoder layer {@code layer} on one batch: its temporaries in a scratch manager, the output the batch's. */
    NDArray runLayer(DecoderLayer layer, NDArray hidden, AttentionContext context, NDManager batchManager) {
        try (NDManager scratch = batchManager.newSubManager()) {
            hidden.tempAttach(scratch);
            NDArray out = layer.forward(hidden, context);
            out.attach(batchManager);
            layerCalls.incrementAndGet();
            return out;
        }
    }

    @Override
    public void close() {
        for (DecoderLayer b : resident) if (b != null) b.close();
        manager.close();
        weights.close();
    }
}
