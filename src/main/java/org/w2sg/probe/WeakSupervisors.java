package org.w2sg.probe;

import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import org.w2sg.errors.UserException;

/** The weak supervisors of the protocol. */
public final class WeakSupervisors {
    private WeakSupervisors() {}

    /**
     * The default supervisor: a gold probe on the weak model's features of half A, applied to B and T.
     */
    public static WeakPredictions goldProbe(float[][] weakA, int[] goldA, float[][] weakB, float[][] weakT,
                                            ProbeOptions options, String description) {
        ProbeFit fit = LogisticProbe.fit(weakA, goldA, options);
        return new WeakPredictions(fit.predictProba(weakB), fit.predictProba(weakT), description);
    }

    /**
     * {@code noisy-gold:P}: gold labels, each flipped independently with probability P (seeded), on B and on T, so
     * the supervisor's expected accuracy is 1 - P. Its "probabilities" are 0/1, so soft and hard targets agree.
     */
    public static WeakPredictions noisyGold(double flipProbability, int[] goldB, int[] goldT, long seed) {
        if (!(flipProbability >= 0 && flipProbability <= 1)) {
            throw new UserException("noisy-gold: flip probability must be in [0, 1], got " + flipProbability);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        return new WeakPredictions(flip(goldB, flipProbability, rng), flip(goldT, flipProbability, rng),
                String.format(Locale.ROOT, "noisy-gold:%s", flipProbability));
    }

    private static double[] flip(int[] gold, double p, SplittableRandom rng) {
        double[] out = new double[gold.length];
        for (int i = 0; i < out.length; i++) {
            int y = gold[i];
            if (y != 0 && y != 1) throw new IllegalArgumentException("noisy-gold: gold label " + i + " is " + y);
            out[i] = rng.nextDouble() < p ? 1 - y : y;
        }
        return out;
    }

    /**
     * Reads {@code noisy-gold:P}; empty when the spec names something else (a model checkpoint).
     *
     * @throws IllegalArgumentException when it starts with noisy-gold but P is not a probability
     */
    public static Optional<Double> parseNoisyGold(String spec) {
        String s = spec.trim();
        if (!s.toLowerCase(Locale.ROOT).startsWith("noisy-gold")) return Optional.empty();
        String rest = s.substring("noisy-gold".length());
        try {
            if (!rest.startsWith(":")) throw new NumberFormatException();
            double p = Double.parseDouble(rest.substring(1));
            if (!(p >= 0 && p <= 1)) throw new NumberFormatException();
            return Optional.of(p);
        } catch (NumberFormatException e) {
            throw new UserException("weak supervisor '" + spec
                    + "': expected noisy-gold:P with P a flip probability in [0, 1], e.g. noisy-gold:0.2");
        }
    }
}
