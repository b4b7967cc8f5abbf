package org.w2sg.model;

import ai.djl.ndarray.NDArray;

/** GPT-NeoX feed-forward: down(gelu(up(x))). */
public record GeluMlp(Linear up, Linear down) {
    public NDArray apply(NDArray x) {
        return down.apply(ActivationFunctions.gelu(up.apply(x)));
    }
}
