package org.w2sg.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
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
    private NDArray lmHead;

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

    /** Token ids [batch, seq] (int64) to embeddings [batch, seq, hidden]. */
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

    public NDArray embed(TokenBatch batch, NDManager batchManager) {
        NDArray ids = batchManager.create(batch.inputIds(), new Shape(batch.batchSize(), batch.seqLen()));
        return embed(ids);
    }

    public AttentionContext attentionContext(TokenBatch batch, NDManager batchManager) {
        return AttentionContext.of(batch, rotary(), batchManager, weights.target().dtype());
    }

    /** The resident layer {@code index}; in streaming mode a freshly loaded one the caller must close. */
    public Block layer(int index) {
        return streaming ? loadLayer(index) : resident[index];
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
        int n = spec.numLayers();
        for (int index : request.hiddenIndices()) {
            if (index < 0 || index > n) {
                throw new IllegalArgumentException("hidden state index " + index + " does not exist: this model has "
                        + n + " layers, so indices run from 0 (embeddings) to " + n + " (after the final norm)");
            }
        }
        for (long id : batch.inputIds()) {
            if (id < 0 || id >= spec.vocabSize()) {
                throw new IllegalArgumentException("token id " + id + " is outside the model's vocabulary [0, "
                        + spec.vocabSize() + ")");
            }
        }
        int needed = request.layersNeeded(n);
        try (NDManager batchManager = manager.newSubManager()) {
            long began = StageClock.begin();
            AttentionContext context = attentionContext(batch, batchManager);
            StageClock.end("batch setup", began);
            began = StageClock.begin();
            NDArray hidden = embed(batch, batchManager);
            StageClock.end("embedding", began);
            if (request.hiddenIndices().contains(0)) sink.hidden(0, hidden);
            for (int i = 0; i < needed; i++) {
                NDArray next = runLayer(i, hidden, context, batchManager);
                if (!request.hiddenIndices().contains(i)) hidden.close();
                hidden = next;
                if (i + 1 < n && request.hiddenIndices().contains(i + 1)) sink.hidden(i + 1, hidden);
            }
            if (needed < n) return;
            if (request.lastLayerPreNorm()) sink.lastLayerPreNorm(hidden);
            if (!request.hiddenIndices().contains(n) && !request.logits()) return;
            NDArray normed;
            try (NDManager scratch = batchManager.newSubManager()) {
                hidden.tempAttach(scratch);
                normed = finalNorm(hidden);
                normed.attach(batchManager);
            }
            if (request.hiddenIndices().contains(n)) sink.hidden(n, normed);
            if (request.logits()) {
                NDArray logits;
                try (NDManager scratch = batchManager.newSubManager()) {
                    normed.tempAttach(scratch);
                    logits = logits(normed);
                    logits.attach(batchManager);
                }
                sink.logits(logits);
            }
        }
    }

    /** Runs layer i with its temporaries in a scratch manager; the output is owned by the batch manager. */
    public NDArray runLayer(int i, NDArray hidden, AttentionContext context, NDManager batchManager) {
        Block block = layer(i);
        try (NDManager scratch = batchManager.newSubManager()) {
            long began = StageClock.begin();
            hidden.tempAttach(scratch);
            NDArray out = block.forward(hidden, context);
            out.attach(batchManager);
            layerCalls.incrementAndGet();
            StageClock.end("layers", began);
            return out;
        } finally {
            if (streaming) block.close();
        }
    }

    @Override
    public void close() {
        for (Block b : resident) if (b != null) b.close();
        manager.close();
        weights.close();
    }
}
