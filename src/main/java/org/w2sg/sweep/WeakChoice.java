package org.w2sg.sweep;

import java.util.List;
import org.w2sg.probe.ProbeOptions;
import org.w2sg.registry.Revision;

/** The weak supervisor, resolved from {@code --weak} or the registry: label noise, or a checkpoint's gold probe. */
public sealed interface WeakChoice {
    /** {@code noisy-gold:P}: gold labels flipped with probability P. */
    record NoisyGold(double flipProbability) implements WeakChoice {
        @Override
        public String description() {
            return "noisy-gold:" + flipProbability;
        }
    }

    /** {@code structured-noise:P}: gold labels flipped on the share P of each split's longest texts. */
    record StructuredNoise(double errorRate) implements WeakChoice {
        @Override
        public String description() {
            return "structured-noise:" + errorRate;
        }
    }

    /** A gold probe on A's features of one checkpoint, revision and layer. */
    record GoldProbe(CheckpointSource source, Revision revision, int layer) implements WeakChoice {
        @Override
        public String description() {
            return source.model() + "@" + revision.name() + ":" + layer;
        }

        /** The checkpoint the run folder is bound to, named by this supervisor's description. */
        public org.w2sg.run.CheckpointIdentity identity() throws java.io.IOException {
            return source.identity(org.w2sg.run.CheckpointIdentity.WEAK, revision).named(description());
        }
    }

    /** e.g. {@code pythia-70m@step143000:3} or {@code noisy-gold:0.2}: part of the run's fingerprint. */
    String description();

    /** Whether the supervisor learns on A (a probe does; label noise needs no A). */
    default boolean trainsOnA() {
        return this instanceof GoldProbe;
    }

    /** The labeler that gives this supervisor's predictions on each seed's B and T. */
    default WeakLabeler labeler(ActivationRequests features, List<Integer> seeds, ProbeOptions probe) {
        return switch (this) {
            case NoisyGold n -> new NoisyGoldLabeler(n.flipProbability());
            case StructuredNoise n -> new StructuredNoiseLabeler(n.errorRate(), features.store());
            case GoldProbe g -> new CheckpointLabeler(g.source(), g.revision(), g.layer(), features, seeds, probe);
        };
    }
}
