package org.w2sg.model;

import org.w2sg.weights.WeightFormat;

/**
 * How to load a checkpoint. device: auto | cpu | cuda (cuda:N); dtype: float32 | float16 (float16 only on CUDA);
 * weights: which weight files to read. streamLayers: keep no decoder layer resident; each forward loads a layer's
 * weights, runs it and releases them (for checkpoints larger than memory).
 */
public record ModelOptions(String device, String dtype, WeightFormat weights, boolean streamLayers) {
    public ModelOptions {
        if (device == null) device = "auto";
        if (dtype == null) dtype = "float32";
        if (weights == null) weights = WeightFormat.AUTO;
    }

    public ModelOptions(String device, String dtype, WeightFormat weights) {
        this(device, dtype, weights, false);
    }

    public static ModelOptions defaults() {
        return new ModelOptions("auto", "float32", WeightFormat.AUTO, false);
    }

    public static ModelOptions cpu() {
        return new ModelOptions("cpu", "float32", WeightFormat.AUTO, false);
    }

    public ModelOptions withWeights(WeightFormat format) {
        return new ModelOptions(device, dtype, format, streamLayers);
    }

    public ModelOptions withStreamLayers(boolean stream) {
        return new ModelOptions(device, dtype, weights, stream);
    }
}
