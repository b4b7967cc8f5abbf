package org.w2sg.model;

import java.util.List;
import java.util.Set;
import org.w2sg.machine.MemoryPlan;

/**
 * One named parameter tensor of an architecture, in Hugging Face naming, with how a fresh model initialises it:
 * weights N(0, 0.02), norm weights 1, biases 0 (transformers' _init_weights).
 */
public record TensorSpec(String name, long[] shape, Init init) implements MemoryPlan.Tensor {
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

    /** A Llama-style attention's q/k/v/o projections (biases only when {@code bias}), in state-dict order. */
    public static void addAttention(List<TensorSpec> t, String prefix, long hidden, long kvWidth, boolean bias) {
        t.add(normal(prefix + "q_proj.weight", hidden, hidden));
        if (bias) t.add(zeros(prefix + "q_proj.bias", hidden));
        t.add(normal(prefix + "k_proj.weight", kvWidth, hidden));
        if (bias) t.add(zeros(prefix + "k_proj.bias", kvWidth));
        t.add(normal(prefix + "v_proj.weight", kvWidth, hidden));
        if (bias) t.add(zeros(prefix + "v_proj.bias", kvWidth));
        t.add(normal(prefix + "o_proj.weight", hidden, hidden));
        if (bias) t.add(zeros(prefix + "o_proj.bias", hidden));
    }

    /** A SwiGLU MLP's gate/up/down projections, in state-dict order. */
    public static void addSwiGluMlp(List<TensorSpec> t, String prefix, long hidden, long intermediate) {
        t.add(normal(prefix + "gate_proj.weight", intermediate, hidden));
        t.add(normal(prefix + "up_proj.weight", intermediate, hidden));
        t.add(normal(prefix + "down_proj.weight", hidden, intermediate));
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
