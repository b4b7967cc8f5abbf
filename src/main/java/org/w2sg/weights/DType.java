package org.w2sg.weights;

/** Element types found in checkpoint files; everything is widened to float32 before it reaches DJL. */
public enum DType {
    F32(4), F16(2), BF16(2), F64(8), I64(8), I32(4), I8(1), U8(1), BOOL(1);

    public final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }
}
