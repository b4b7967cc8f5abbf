package org.w2sg.model;

import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which outputs a forward pass must produce. Hidden-state indices follow transformers' output_hidden_states:
 * 0 = embedding output, i = output of layer i-1, L = last layer with the final norm applied. Layers past the deepest
 * one requested are not run; the LM head runs only when logits are asked for.
 */
public record HiddenRequest(SortedSet<Integer> hiddenIndices, boolean lastLayerPreNorm, boolean logits) {
    public HiddenRequest {
        hiddenIndices = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(hiddenIndices));
    }

    public static HiddenRequest all(int numLayers, boolean logits) {
        TreeSet<Integer> all = new TreeSet<>();
        for (int i = 0; i <= numLayers; i++) all.add(i);
        return new HiddenRequest(all, true, logits);
    }

    /** The number of decoder layers that must run to satisfy the request. */
    public int layersNeeded(int numLayers) {
        if (logits || lastLayerPreNorm) return numLayers;
        return hiddenIndices.isEmpty() ? 0 : Math.min(numLayers, hiddenIndices.last());
    }
}
