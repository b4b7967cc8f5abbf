package org.w2sg.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.w2sg.errors.UserException;

/**
 * Which hidden states to pool, in transformers' output_hidden_states numbering: 0 = embeddings, i = output of
 * decoder layer i-1, L = last layer after the final norm. {@code all} = 0..L, {@code mid} = (L+1)/2 (the default probe
 * layer), or a list {@code i,j,k}.
 */
public record LayerSelection(String spec) {
    public LayerSelection {
        spec = spec == null ? "mid" : spec.trim();
        if (spec.isEmpty()) throw new UserException("empty layer selection: use all, mid or i,j,k");
        if (!spec.equals("all") && !spec.equals("mid") && !spec.matches("\\d+(\\s*,\\s*\\d+)*")) {
            throw new UserException("layer selection '" + spec + "' is not all, mid or a list like 0,6,12");
        }
    }

    public static LayerSelection of(String spec) {
        return new LayerSelection(spec);
    }

    public static int middle(int numLayers) {
        return (numLayers + 1) / 2;
    }

    /** The hidden-state indices, ascending, for a model with {@code numLayers} decoder layers. */
    public List<Integer> resolve(int numLayers) {
        TreeSet<Integer> out = new TreeSet<>();
        switch (spec) {
            case "all" -> {
                for (int i = 0; i <= numLayers; i++) out.add(i);
            }
            case "mid" -> out.add(middle(numLayers));
            default -> {
                for (String part : spec.split(",")) {
                    int i = Integer.parseInt(part.trim());
                    if (i > numLayers) {
                        throw new UserException("layer " + i + " does not exist: the model has " + numLayers
                                + " layers, so hidden states run from 0 (embeddings) to " + numLayers);
                    }
                    out.add(i);
                }
            }
        }
        return new ArrayList<>(out);
    }
}
