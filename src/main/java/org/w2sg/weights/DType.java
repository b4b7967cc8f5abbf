package org.w2sg.weights;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Element types found in checkpoint files; everything is widened to float32 before it reaches DJL. */
public enum DType {
    F32(4), F16(2), BF16(2), F64(8), I64(8), I32(4), I16(2), I8(1), U8(1), BOOL(1);

    public final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /** Whether {@link TensorStore#float32} can hand this type out (exactly, by widening). */
    public boolean widensToFloat32() {
        return this == F32 || this == F16 || this == BF16;
    }

    /**
     * The type a safetensors header names ("F16", "BF16", ...).
     *
     * @throws WeightsException naming the file, tensor and the types this reader knows
     */
    public static DType fromSafetensors(String code, String file, String tensor) {
        for (DType d : values()) {
            if (d.name().equals(code)) return d;
        }
        throw new WeightsException(file + ": tensor '" + tensor + "' has dtype '" + code
                + "', which this reader does not know (known: " + knownList() + ")");
    }

    static String knownList() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
