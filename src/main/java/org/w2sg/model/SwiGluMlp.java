package org.w2sg.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * OLMo / OLMo-2 feed-forward, down(silu(gate(x)) * up(x)), with gate and up fused into one [2 x intermediate, hidden]
 * matrix (gate rows first) so one GEMM computes both.
 */
public record SwiGluMlp(Linear gateUp, Linear down) {
    public NDArray apply(NDArray x) {
        NDArray projected = gateUp.apply(x);
        NDList gateAndUp = projected.split(2, projected.getShape().dimension() - 1);
        NDArray gate = gateAndUp.get(0);
        return down.apply(ActivationFunctions.silu(gate).muli(gateAndUp.get(1)));
    }
}
