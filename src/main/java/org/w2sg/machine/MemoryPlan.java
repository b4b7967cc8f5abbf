package org.w2sg.machine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a model needs in memory under a budget (--max-memory), from its tensor shapes: the weights that stay resident
 * (embeddings, final norm), one decoder layer's weights, the working memory a batch needs per token inside a layer,
 * and the bytes per token of a hidden state kept between layers. Decides whether the layers must be streamed and how
 * many tokens of hidden state fit when a dataset goes through the model one layer at a time.
 */
public record MemoryPlan(long budget, long residentBytes, long layerBytes, int layers, long workspaceBytesPerToken,
                         long stateBytesPerToken) {
    private static final Pattern LAYER = Pattern.compile("(?:^|\\.)layers\\.(\\d+)\\.");
    private static final Pattern HEAD = Pattern.compile("(^|\\.)(embed_out|lm_head)\\.weight$");

    /** A parameter tensor as the plan sees it: its state-dict name (which says its layer) and its shape. */
    public interface Tensor {
        String name();

        long[] shape();

        default long numel() {
            long n = 1;
            for (long d : shape()) n *= d;
            return n;
        }
    }

    /** @param elementBytes bytes per weight and activation in the compute type (4 for float32) */
    public static MemoryPlan of(long budget, List<? extends Tensor> tensors, int hidden, int elementBytes) {
        Map<Integer, Long> perLayer = new HashMap<>();
        long resident = 0;
        long widest = hidden;
        for (Tensor t : tensors) {
            if (HEAD.matcher(t.name()).find()) continue; // the LM head is loaded only when logits are asked for
            long bytes = t.numel() * elementBytes;
            Matcher m = LAYER.matcher(t.name());
            if (m.find()) {
                perLayer.merge(Integer.parseInt(m.group(1)), bytes, Long::sum);
                if (t.shape().length == 2) widest = Math.max(widest, t.shape()[0]);
            } else {
                resident += bytes;
            }
        }
        long layer = perLayer.values().stream().mapToLong(Long::longValue).max().orElse(0);
        // inside a layer, per token: the widest projection's output and its activation, plus a few hidden-sized
        // temporaries (norm outputs, attention context, residual sums)
        long workspace = (2 * widest + 6L * hidden) * elementBytes;
        // between layers a batch holds its input and output hidden state
        long state = 2L * hidden * elementBytes;
        return new MemoryPlan(budget, resident, layer, perLayer.size(), workspace, state);
    }

    /** All weights resident: embeddings, final norm and every layer. */
    public long weightBytes() {
        return residentBytes + layers * layerBytes;
    }

    /** Whether every layer resident would exceed the budget. */
    public boolean needsStreaming() {
        return weightBytes() > budget;
    }

    /**
     * Tokens of hidden state that fit beside the resident weights, one layer's weights and the working memory of a
     * batch of {@code batchTokens} tokens; at least {@code batchTokens} (one batch always runs).
     */
    public long stateTokens(long batchTokens) {
        long free = budget - residentBytes - layerBytes - workspaceBytesPerToken * batchTokens;
        return Math.max(batchTokens, free / stateBytesPerToken);
    }

    /** Whether even one batch of {@code batchTokens} tokens overruns the budget. */
    public boolean tooSmallFor(long batchTokens) {
        return residentBytes + layerBytes + (workspaceBytesPerToken + stateBytesPerToken) * batchTokens > budget;
    }
}
