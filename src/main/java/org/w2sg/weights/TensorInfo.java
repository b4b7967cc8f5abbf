package org.w2sg.weights;

import java.nio.file.Path;

/** Where one named tensor lives and what it looks like, before any bytes are read. */
public record TensorInfo(String name, DType dtype, long[] shape, Path file) {
    public long numel() {
        long n = 1;
        for (long s : shape) n *= s;
        return n;
    }
}
