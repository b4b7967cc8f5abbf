package org.w2sg.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * y = x W^T + b with W kept as the checkpoint stores it, [out, in]: libtorch's GEMM reads the transposed view
 * directly, so no transposed copy is needed. Inputs are flattened to 2-D first because only then does libtorch's
 * linear fuse the bias into the GEMM (addmm); a 3-D input costs a separate pass over the output to add it.
 */
public record Linear(NDArray weight, NDArray bias) {
    public NDArray apply(NDArray x) {
        Shape shape = x.getShape();
        int dims = shape.dimension();
        NDArray flat = dims == 2 ? x : x.reshape(-1, shape.get(dims - 1));
        NDArray y = (bias == null
                ? ai.djl.nn.core.Linear.linear(flat, weight)
                : ai.djl.nn.core.Linear.linear(flat, weight, bias)).singletonOrThrow();
        if (dims == 2) return y;
        long[] out = shape.getShape().clone();
        out[dims - 1] = weight.getShape().get(0);
        return y.reshape(out);
    }

    public long outFeatures() {
        return weight.getShape().get(0);
    }
}
