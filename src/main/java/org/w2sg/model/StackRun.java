package org.w2sg.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.w2sg.machine.StageClock;

/**
 * The bookkeeping of one {@link DecoderStack#forwardLayerByLayer} call, so the pass itself reads as embed, layers,
 * final norm: the request checked against the model, a sub-manager per batch (closed with the run), each batch's
 * packed tokens, attention context and current hidden state, streamed layers loaded once for all batches and released,
 * each requested output handed to its batch's sink, and wall time recorded at layer boundaries ({@link StageClock}).
 */
final class StackRun implements AutoCloseable {
    private final DecoderStack stack;
    private final HiddenRequest request;
    private final List<? extends HiddenStateSink> sinks;
    private final int numLayers;
    private final int needed;
    private final NDManager all;
    private final NDManager[] managers;
    private final PackedTokens[] packed;
    private final AttentionContext[] contexts;
    private final NDArray[] hidden;

    private StackRun(DecoderStack stack, List<TokenBatch> batches, HiddenRequest request,
                     List<? extends HiddenStateSink> sinks) {
        this.stack = stack;
        this.request = request;
        this.sinks = sinks;
        this.numLayers = stack.spec().numLayers();
        this.needed = request.layersNeeded(numLayers);
        int count = batches.size();
        this.all = stack.manager.newSubManager();
        this.managers = new NDManager[count];
        this.packed = new PackedTokens[count];
        this.contexts = new AttentionContext[count];
        this.hidden = new NDArray[count];
        try {
            for (int b = 0; b < count; b++) {
                managers[b] = all.newSubManager();
                long began = StageClock.begin();
                packed[b] = PackedTokens.of(batches.get(b));
                contexts[b] = stack.attentionContext(packed[b], managers[b]);
                StageClock.end("batch setup", began);
            }
        } catch (RuntimeException e) {
            all.close();
            throw e;
        }
    }

    static StackRun start(DecoderStack stack, List<TokenBatch> batches, HiddenRequest request,
                          List<? extends HiddenStateSink> sinks) {
        check(stack.spec(), batches, request, sinks);
        return new StackRun(stack, batches, request, sinks);
    }

    /** The callers' contract (the CLI checks what users give before it gets here): a broken one is a bug. */
    private static void check(ModelSpec spec, List<TokenBatch> batches, HiddenRequest request,
                              List<? extends HiddenStateSink> sinks) {
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
    }

    /** Decoder layers the request needs: none past the deepest hidden state asked for. */
    int layersNeeded() {
        return needed;
    }

    /** Every batch's token embeddings: hidden state 0. */
    void embed() {
        for (int b = 0; b < hidden.length; b++) {
            long began = StageClock.begin();
            hidden[b] = stack.embed(packed[b], managers[b]);
            StageClock.end("embedding", began);
            if (request.hiddenIndices().contains(0)) deliver(b, 0, hidden[b]);
        }
    }

    /** Decoder layer i on every batch (built once; a streamed layer's weights are released after): hidden state i + 1. */
    void layer(int i) {
        long began = StageClock.begin();
        DecoderLayer layer = stack.layer(i);
        if (stack.streaming()) StageClock.end("weights", began);
        try {
            for (int b = 0; b < hidden.length; b++) {
                began = StageClock.begin();
                NDArray next = stack.runLayer(layer, hidden[b], contexts[b], managers[b]);
                StageClock.end("layers", began);
                hidden[b].close();
                hidden[b] = next;
                // the last hidden state is the normed one: finalNormAndHead delivers it
                if (i + 1 < numLayers && request.hiddenIndices().contains(i + 1)) deliver(b, i + 1, hidden[b]);
            }
        } finally {
            if (stack.streaming()) layer.close();
        }
    }

    /** After the last layer: the raw last layer, the final norm and the LM head, each only when asked for. */
    void finalNormAndHead() {
        if (needed < numLayers) return;
        for (int b = 0; b < hidden.length; b++) {
            HiddenStateSink sink = sinks.get(b);
            NDManager batchManager = managers[b];
            if (request.lastLayerPreNorm()) {
                try (NDManager scratch = batchManager.newSubManager()) {
                    sink.lastLayerPreNorm(packed[b].unpack(hidden[b], scratch));
                }
            }
            if (!request.hiddenIndices().contains(numLayers) && !request.logits()) continue;
            NDArray normed;
            try (NDManager scratch = batchManager.newSubManager()) {
                long began = StageClock.begin();
                hidden[b].tempAttach(scratch);
                normed = stack.finalNorm(hidden[b]);
                normed.attach(batchManager);
                StageClock.end("final norm", began);
            }
            if (request.hiddenIndices().contains(numLayers)) deliver(b, numLayers, normed);
            if (request.logits()) {
                try (NDManager scratch = batchManager.newSubManager()) {
                    normed.tempAttach(scratch);
                    sink.logits(packed[b].unpack(stack.logits(normed), scratch));
                }
            }
        }
    }

    /** Hands a packed hidden state to batch b's sink, laid out as [batch, seq, hidden] unless the sink takes it packed. */
    private void deliver(int b, int index, NDArray value) {
        HiddenStateSink sink = sinks.get(b);
        if (sink.acceptsPacked()) {
            sink.hiddenPacked(index, value, packed[b]);
            return;
        }
        try (NDManager scratch = managers[b].newSubManager()) {
            sink.hidden(index, packed[b].unpack(value, scratch));
        }
    }

    @Override
    public void close() {
        all.close();
    }
}
