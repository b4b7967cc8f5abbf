package org.w2sg.hub;

/** Which weight files to take when a revision has several: safetensors first by default. */
public enum WeightFormat {
    AUTO, SAFETENSORS, BIN;

    public static WeightFormat parse(String s) {
        if (s == null) return AUTO;
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "auto" -> AUTO;
            case "safetensors" -> SAFETENSORS;
            case "bin", "torch", "pytorch" -> BIN;
            default -> throw new IllegalArgumentException("--weights must be auto, safetensors or bin, got '" + s + "'");
        };
    }
}
