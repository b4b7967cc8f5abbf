package org.w2sg.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * LayerNorm over the last axis. Non-parametric (OLMo v1) is the same computation with weight 1 and bias 0, which
 * leaves every value bit-identical to an affine-free layer norm. Always computed in float32, as transformers does.
 */
public record LayerNorm(NDArray weight, NDArray bias, float eps) {
    public NDArray apply(NDArray x) {
        boolean widen = x.getDataType() != DataType.FLOAT32;
        NDArray in = widen ? x.toType(DataType.FLOAT32, false) : x;
        NDArray out = ai.djl.nn.norm.LayerNorm.layerNorm(in, new Shape(weight.getShape().get(0)), weight, bias, eps)
                .singletonOrThrow();
        return widen ? out.toType(x.getDataType(), false) : out;
    }
}
