package org.w2sg.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code --layers}: which hidden states the probes read. Indices follow transformers' output_hidden_states: 0 is the
 * embedding output, i the output of block i-1, L (the number of blocks) the last block after the final norm.
 * {@code mid} is the protocol's middle layer (L+1)//2; {@code all} is 0..L; otherwise a comma-separated list.
 */
public record LayerSpec(String spec) {
    public LayerSpec {
        spec = spec == null || spec.isBlank() ? "mid" : spec.trim();
        if (!spec.equals("mid") && !spec.equals("all")) {
            for (String item : spec.split(",", -1)) {
                if (!item.trim().matches("\\d+")) {
                    throw new IllegalArgumentException("--layers '" + spec + "': expected mid, all, or a list of layer "
                            + "indices such as 6,12 (0 = embeddings, L = last layer)");
                }
            }
        }
    }

    /** The layer indices for a model with {@code numLayers} blocks, ascending. */
    public List<Integer> resolve(int numLayers) {
        if (spec.equals("mid")) return List.of((numLayers + 1) / 2);
        List<Integer> out = new ArrayList<>();
        if (spec.equals("all")) {
            for (int i = 0; i <= numLayers; i++) out.add(i);
            return out;
        }
        TreeSet<Integer> set = new TreeSet<>();
        for (String item : spec.split(",")) {
            int i = Integer.parseInt(item.trim());
            if (i > numLayers) {
                throw new IllegalArgumentException("--layers " + spec + ": layer " + i + " does not exist; this model has "
                        + numLayers + " blocks, so layers run from 0 (embeddings) to " + numLayers);
            }
            set.add(i);
        }
        return List.copyOf(set);
    }
}
