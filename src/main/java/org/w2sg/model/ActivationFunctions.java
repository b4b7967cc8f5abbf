package org.w2sg.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** The activation functions the supported architectures use, named as in their config.json hidden_act. */
public final class ActivationFunctions {
    private ActivationFunctions() {}

    /** "gelu": the exact, erf-based GELU (torch's default, transformers' ACT2FN["gelu"]). */
    public static NDArray gelu(NDArray x) {
        return Activation.gelu(x);
    }

    /** "silu": x * sigmoid(x). */
    public static NDArray silu(NDArray x) {
        return x.mul(Activation.sigmoid(x));
    }
}
