package org.w2sg.model;

import java.util.List;
import java.util.Set;

/**
 * One named parameter tensor of an architecture, in Hugging Face naming, with how a fresh model initialises it:
 * weights N(0, 0.02), norm weights 1, biases 0 (transformers' _init_weights).
 */
public record TensorSpec(String name, long[] shape, Init init) {
    public enum Init { NORMAL, ONES, ZEROS }

    public static TensorSpec normal(String name, long... shape) {
        return new TensorSpec(name, shape, Init.NORMAL);
    }

    public static TensorSpec ones(String name, long... shape) {
        return new TensorSpec(name, shape, Init.ONES);
    }

    public static TensorSpec zeros(String name, long... shape) {
        return new TensorSpec(name, shape, Init.ZEROS);
    }

    public long numel() {
        long n = 1;
        for (long s : shape) n = Math.multiplyExact(n, s);
        return n;
    }

    /** Parameters of all tensors except the named ones (the embedding and output head). */
    public static long count(List<TensorSpec> tensors, Set<String> excluded) {
        return tensors.stream().filter(t -> !excluded.contains(t.name())).mapToLong(TensorSpec::numel).sum();
    }
}
