package org.w2sg.sweep;

import org.w2sg.probe.WeakPredictions;
import org.w2sg.probe.WeakSupervisors;

/** {@code noisy-gold:P}: the gold labels of B and T, each flipped with probability P, seeded by dataset and seed. */
public record NoisyGoldLabeler(double flipProbability) implements WeakLabeler {
    @Override
    public WeakPredictions label(Halves h) {
        // a stream of its own per (dataset, seed), independent of the split's
        long s = h.seed() * 0x9E3779B97F4A7C15L + h.dataset().hashCode();
        return WeakSupervisors.noisyGold(flipProbability, h.goldB(), h.goldT(), s);
    }

    @Override
    public String describe() {
        return "noisy-gold:" + flipProbability;
    }
}
