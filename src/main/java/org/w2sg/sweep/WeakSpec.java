package org.w2sg.sweep;

import java.util.OptionalInt;
import org.w2sg.errors.UserException;
import org.w2sg.probe.WeakSupervisors;

/**
 * {@code --weak}: who labels B for the weak-to-strong probe. Either {@code noisy-gold:P} (gold labels flipped with
 * probability P, independently of the input), {@code structured-noise:P} (gold labels flipped on the share P of each
 * split's longest texts: errors that are a deterministic function of the input) or a checkpoint {@code MODEL[@REVISION][:LAYER]}, where MODEL is an alias, ORG/NAME or a local
 * folder; without a revision the model's final one is used, without a layer its middle layer. The supervisor is a gold
 * probe trained on that model's features of A.
 */
public sealed interface WeakSpec {
    record NoisyGold(double flipProbability) implements WeakSpec {
        public NoisyGold {
            if (!(flipProbability >= 0 && flipProbability <= 1)) {
                throw new UserException("--weak noisy-gold:" + flipProbability
                        + ": P is a flip probability in [0, 1], e.g. noisy-gold:0.2");
            }
        }

        @Override
        public String toString() {
            return "noisy-gold:" + flipProbability;
        }
    }

    /** {@code structured-noise:P}: gold labels flipped on the share P of each split's longest texts. */
    record StructuredNoise(double errorRate) implements WeakSpec {
        @Override
        public String toString() {
            return "structured-noise:" + errorRate;
        }
    }

    /** @param revision null for the model's final revision; layer empty for its middle layer */
    record Checkpoint(String model, String revision, OptionalInt layer) implements WeakSpec {
        @Override
        public String toString() {
            return model + (revision == null ? "" : "@" + revision)
                    + (layer.isPresent() ? ":" + layer.getAsInt() : "");
        }
    }

    /** {@code A,B,C}: several supervisors, each a unit of its own; a repeated one is refused. */
    static java.util.List<WeakSpec> parseAll(String specs) {
        java.util.List<WeakSpec> out = new java.util.ArrayList<>();
        for (String s : specs.split(",", -1)) {
            WeakSpec w = parse(s);
            if (out.stream().anyMatch(o -> o.toString().equals(w.toString()))) {
                throw new UserException("--weak " + specs + " names " + w + " twice: give each supervisor once");
            }
            out.add(w);
        }
        return java.util.List.copyOf(out);
    }

    static WeakSpec parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new UserException("--weak is empty: give MODEL[@REVISION][:LAYER] or noisy-gold:P");
        }
        String s = spec.trim();
        var noisy = WeakSupervisors.parseNoisyGold(s);
        if (noisy.isPresent()) return new NoisyGold(noisy.get());
        var structured = WeakSupervisors.parseStructuredNoise(s);
        if (structured.isPresent()) return new StructuredNoise(structured.get());
        OptionalInt layer = OptionalInt.empty();
        int colon = s.lastIndexOf(':');
        if (colon > 0 && s.substring(colon + 1).matches("\\d+")) {
            layer = OptionalInt.of(Integer.parseInt(s.substring(colon + 1)));
            s = s.substring(0, colon);
        } else if (colon > 0 && colon < s.length() - 1 && s.indexOf('/', colon) < 0) {
            String head = s.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
            if (head.startsWith("struct") || head.endsWith("-noise") && !head.startsWith("noise")) {
                throw new UserException("--weak '" + spec + "': did you mean structured-noise:"
                        + s.substring(colon + 1) + "? (errors on the longest texts: structured-noise:P, 0 <= P <= 1)");
            }
            if (head.startsWith("noisy") || head.startsWith("nosiy") || head.endsWith("gold") || head.startsWith("noise")) {
                throw new UserException("--weak '" + spec + "': did you mean noisy-gold:"
                        + s.substring(colon + 1) + "? (label noise is noisy-gold:P with 0 <= P < 0.5)");
            }
            throw new UserException("--weak '" + spec + "': the part after ':' must be a layer index, e.g. "
                    + "pythia-160m@step143000:6, or use noisy-gold:P for label noise");
        }
        String revision = null;
        int at = s.lastIndexOf('@');
        if (at > 0) {
            revision = s.substring(at + 1);
            s = s.substring(0, at);
            if (revision.isBlank()) {
                throw new UserException("--weak '" + spec + "': nothing after '@'; give a revision such as "
                        + "step143000, or leave out '@' for the final one");
            }
        }
        return new Checkpoint(s, revision, layer);
    }
}
