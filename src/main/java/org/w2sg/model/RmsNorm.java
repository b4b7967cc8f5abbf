package org.w2sg.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** RMSNorm over the last axis, x * rsqrt(mean(x^2) + eps) * weight, in float32 (as transformers' Olmo2RMSNorm). */
public record RmsNorm(NDArray weight, float eps) {
    public NDArray apply(NDArray x) {
        boolean widen = x.getDataType() != DataType.FLOAT32;
        NDArray in = widen ? x.toType(DataType.FLOAT32, false) : x;
        NDArray inverseRms = in.square().mean(new int[] {in.getShape().dimension() - 1}, true).addi(eps).powi(-0.5);
        NDArray out = in.mul(inverseRms).muli(weight);
        return widen ? out.toType(x.getDataType(), false) : out;
    }
}
