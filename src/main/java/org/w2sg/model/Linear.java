package org.w2sg.model;

import ai.djl.ndarray.NDArray;

/**
 * y = x W^T + b with W kept as the checkpoint stores it, [out, in]: libtorch's linear reads the transposed view
 * directly in its GEMM, so no transposed copy is needed, and the bias is fused into the same call.
 */
public record Linear(NDArray weight, NDArray bias) {
    public NDArray apply(NDArray x) {
        return (bias == null
                ? ai.djl.nn.core.Linear.linear(x, weight)
                : ai.djl.nn.core.Linear.linear(x, weight, bias)).singletonOrThrow();
    }

    public long outFeatures() {
        return weight.getShape().get(0);
    }
}
