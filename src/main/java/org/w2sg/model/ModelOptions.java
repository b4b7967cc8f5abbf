package org.w2sg.model;

import org.w2sg.errors.UserException;
import org.w2sg.hub.WeightFormat;

/**
 * How to load a checkpoint. device: auto | cpu | cuda (cuda:N); dtype: float32 | float16 (float16 only on CUDA);
 * weights: which weight files to read. streamLayers: keep no decoder layer resident; each forward loads a layer's
 * weights, runs it and releases them (for checkpoints larger than memory). maxMemoryBytes: a budget for weights and
 * activations (0 = none): a checkpoint whose weights in the compute type exceed it is streamed, and extraction runs as
 * many examples at a time, layer by layer, as fit in it.
 */
public record ModelOptions(String device, String dtype, WeightFormat weights, boolean streamLayers, long maxMemoryBytes) {
    public ModelOptions {
        if (device == null) device = "auto";
        if (dtype == null) dtype = "float32";
        if (weights == null) weights = WeightFormat.AUTO;
        if (maxMemoryBytes < 0) throw new UserException("memory budget must be >= 0, got " + maxMemoryBytes);
    }

    public ModelOptions(String device, String dtype, WeightFormat weights, boolean streamLayers) {
        this(device, dtype, weights, streamLayers, 0);
    }

    public ModelOptions(String device, String dtype, WeightFormat weights) {
        this(device, dtype, weights, false, 0);
    }

    public static ModelOptions defaults() {
        return new ModelOptions("auto", "float32", WeightFormat.AUTO, false, 0);
    }

    public static ModelOptions cpu() {
        return new ModelOptions("cpu", "float32", WeightFormat.AUTO, false, 0);
    }

    public ModelOptions withWeights(WeightFormat format) {
        return new ModelOptions(device, dtype, format, streamLayers, maxMemoryBytes);
    }

    public ModelOptions withStreamLayers(boolean stream) {
        return new ModelOptions(device, dtype, weights, stream, maxMemoryBytes);
    }

    public ModelOptions withMaxMemory(long bytes) {
        return new ModelOptions(device, dtype, weights, streamLayers, bytes);
    }

    /** "2g", "512m", "1.5G", "3GiB", "800MB", "4096" (bytes): binary units (k = 1024). */
    public static long parseSize(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT).replace(" ", "");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]+(?:\\.[0-9]+)?)([kmgt]?)(i?b)?").matcher(t);
        if (!m.matches()) {
            throw new UserException("memory size '" + text + "' is not a number with an optional unit, e.g. "
                    + "2g, 512m, 1.5G, 3GiB");
        }
        double v = Double.parseDouble(m.group(1));
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        double bytes = v * Math.pow(2, shift);
        if (bytes < 1 || bytes > Long.MAX_VALUE / 2) throw new UserException("memory size '" + text + "' is out of range");
        return (long) bytes;
    }
}
