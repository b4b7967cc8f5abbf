package org.w2sg.registry;

import org.w2sg.errors.UserException;

/**
 * The default weak supervisor of an alias: a model alias at a revision, probed at {@code layer} (an index, or
 * {@code middle} for (L+1)//2 of that model).
 */
public record WeakSupervisor(String model, String revision, String layer) {
    public WeakSupervisor {
        if (model == null || model.isBlank()) throw new UserException("weak_supervisor.model is missing");
        if (revision == null || revision.isBlank()) throw new UserException("weak_supervisor.revision is missing");
        if (layer == null || layer.isBlank()) layer = "middle";
        if (!layer.equals("middle") && !layer.matches("\\d+"))
            throw new UserException("weak_supervisor.layer must be a layer index or 'middle', got '" + layer + "'");
    }

    /** The layer index for a model with {@code numLayers} transformer blocks. */
    public int layerIndex(int numLayers) {
        return layer.equals("middle") ? (numLayers + 1) / 2 : Integer.parseInt(layer);
    }

    @Override
    public String toString() {
        return model + "@" + revision + " layer " + layer;
    }
}
