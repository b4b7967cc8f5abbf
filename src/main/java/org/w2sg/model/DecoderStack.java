package org.w2sg.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The shape every supported architecture shares: embed -> decoder layers -> final norm -> LM head. Subclasses
 * describe their own pieces; this class runs a batch through them, hands each requested output to the sink, stops
 * after the deepest layer anyone asked for, and keeps native memory bounded: a sub-manager per batch, and within it a
 * scratch sub-manager per layer so a layer's temporaries are freed as soon as its output exists.
 *
 * <p>Layer streaming: with {@code streamLayers} no layer is resident; {@link #loadLayer(int)} builds one layer's
 * weights on demand and closing the returned {@link Block} releases them. Callers that run a whole dataset layer by
 * layer use {@link #embed(TokenBatch, NDManager)}, {@link #attentionContext}, {@link #loadLayer} and
 * {@link #finalNorm} directly.
 */
public abstract class DecoderStack implements DecoderModel {
    protected final NDManager manager;
    protected final WeightSource weights;
    private final ModelSpec spec;
    private final boolean streaming;
    private final Block[] resident;
    private final AtomicLong layerCalls = new AtomicLong();
    private final AtomicLong layerLoads = new AtomicLong();
    private NDArray lmHead;
    private MemoryPlan memoryPlan;

    protected DecoderStack(ModelSpec spec, WeightSource weights, NDManager manager, boolean streaming) {
        this.spec = spec;
        this.weights = weights;
        this.manager = manager;
        this.streaming = streaming;
        this.resident = new Block[spec.numLayers()];
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
    public abstract Block loadLayer(int index);

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
    public Block layer(int index) {
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
     * Runs several batches through the stack one layer at a time: every batch passes layer i before any passes layer
     * i + 1, so each layer is built once for all of them (with streaming, that is one read of its weights per call
     * rather than per batch) while all batches' hidden states stay in memory. Each batch's outputs go to its own sink
     * as {@link #forward} delivers them, in increasing index order per batch.
     */
    public void forwardLayerByLayer(List<TokenBatch> batches, HiddenRequest request, List<? extends HiddenStateSink> sinks) {
        if (batches.size() != sinks.size()) throw new IllegalArgumentException("one sink per batch");
        int n = spec.numLayers();
        for (int index : request.hiddenIndices()) {
            if (index < 0 || index > n) {
                throw new IllegalArgumentException("hidden state index " + index + " does not exist: this model has "
                        + n + " layers, so indices run from 0 (embeddings) to " + n + " (after the final norm)");
            }
        }
        for (TokenBatch batch : batches) {
            for (long id : batch.inputIds()) {
                if (id < 0 || id >= spec.vocabSize()) {
                    throw new IllegalArgumentException("token id " + id + " is outside the model's vocabulary [0, "
                            + spec.vocabSize() + ")");
                }
            }
        }
        int needed = request.layersNeeded(n);
        int count = batches.size();
        try (NDManager all = manager.newSubManager()) {
            NDManager[] batchManagers = new NDManager[count];
            PackedTokens[] packed = new PackedTokens[count];
            AttentionContext[] contexts = new AttentionContext[count];
            NDArray[] hidden = new NDArray[count];
            for (int b = 0; b < count; b++) {
                batchManagers[b] = all.newSubManager();
                long began = StageClock.begin();
                packed[b] = PackedTokens.of(batches.get(b));
                contexts[b] = attentionContext(packed[b], batchManagers[b]);
                StageClock.end("batch setup", began);
                began = StageClock.begin();
                hidden[b] = embed(packed[b], batchManagers[b]);
                StageClock.end("embedding", began);
                if (request.hiddenIndices().contains(0)) deliver(sinks.get(b), 0, hidden[b], packed[b], batchManagers[b]);
            }
            for (int i = 0; i < needed; i++) {
                long began = StageClock.begin();
                Block block = layer(i);
                if (streaming) StageClock.end("weights", began);
                try {
                    for (int b = 0; b < count; b++) {
                        NDArray next = runBlock(block, hidden[b], contexts[b], batchManagers[b]);
                        hidden[b].close();
                        hidden[b] = next;
                        if (i + 1 < n && request.hiddenIndices().contains(i + 1)) {
                            deliver(sinks.get(b), i + 1, hidden[b], packed[b], batchManagers[b]);
                        }
                    }
                } finally {
                    if (streaming) block.close();
                }
            }
            if (needed < n) return;
            for (int b = 0; b < count; b++) finish(request, sinks.get(b), hidden[b], packed[b], batchManagers[b]);
        }
    }

    /** After the last layer: the raw last layer, the final norm and the LM head, each only when asked for. */
    private void finish(HiddenRequest request, HiddenStateSink sink, NDArray hidden, PackedTokens packed,
                        NDManager batchManager) {
        int n = spec.numLayers();
        if (request.lastLayerPreNorm()) {
            try (NDManager scratch = batchManager.newSubManager()) {
                sink.lastLayerPreNorm(packed.unpack(hidden, scratch));
            }
        }
        if (!request.hiddenIndices().contains(n) && !request.logits()) return;
        NDArray normed;
        try (NDManager scratch = batchManager.newSubManager()) {
            long began = StageClock.begin();
            hidden.tempAttach(scratch);
            normed = finalNorm(hidden);
            normed.attach(batchManager);
            StageClock.end("final norm", began);
        }
        if (request.hiddenIndices().contains(n)) deliver(sink, n, normed, packed, batchManager);
        if (request.logits()) {
            try (NDManager scratch = batchManager.newSubManager()) {
                normed.tempAttach(scratch);
                sink.logits(packed.unpack(logits(normed), scratch));
            }
        }
    }

    /** Hands a packed hidden state to a sink, laid out as [batch, seq, hidden] unless the sink takes it packed. */
    private static void deliver(HiddenStateSink sink, int index, NDArray hidden, PackedTokens packed, NDManager batchManager) {
        if (sink.acceptsPacked()) {
            sink.hiddenPacked(index, hidden, packed);
            return;
        }
        try (NDManager scratch = batchManager.newSubManager()) {
            sink.hidden(index, packed.unpack(hidden, scratch));
        }
    }

    /** Runs layer i with its temporaries in a scratch manager; the output is owned by the batch manager. */
    public NDArray runLayer(int i, NDArray hidden, AttentionContext context, NDManager batchManager) {
        Block block = layer(i);
        try {
            return runBlock(block, hidden, context, batchManager);
        } finally {
            if (streaming) block.close();
        }
    }

    private NDArray runBlock(Block block, NDArray hidden, AttentionContext context, NDManager batchManager) {
        try (NDManager scratch = batchManager.newSubManager()) {
            long began = StageClock.begin();
            hidden.tempAttach(scratch);
            NDArray out = block.forward(hidden, context);
            out.attach(batchManager);
            layerCalls.incrementAndGet();
            StageClock.end("layers", began);
            return out;
        }
    }

    @Override
    public void close() {
        for (Block b : resident) if (b != null) b.close();
        manager.close();
        weights.close();
    }
}
