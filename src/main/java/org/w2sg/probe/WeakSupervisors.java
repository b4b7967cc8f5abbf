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
     * {@code structured-noise:P}: the gold labels with the errors a deterministic function of the input, the case the
     * theory's weak supervisor is (its error is a function of x), unlike noisy-gold's independent flips. Within B and
     * within T separately, the {@code round(P n)} rows with the highest score (ties: the lower tie-break value
     * first) are flipped, so the error rate is P on both up to rounding, and a row's label depends on the row alone
     * and on which other rows share its split, never on a random draw.
     *
     * @param scoreB   the input feature that decides the errors, per row of B (the sweep uses the text's length)
     * @param tieB     a fixed per-row tie-break (the sweep uses a hash of the example id)
     */
    public static WeakPredictions structuredNoise(double errorRate, double[] scoreB, long[] tieB, int[] goldB,
                                                  double[] scoreT, long[] tieT, int[] goldT) {
        if (!(errorRate >= 0 && errorRate <= 1)) {
            throw new UserException("structured-noise: error rate must be in [0, 1], got " + errorRate);
        }
        return new WeakPredictions(flipTop(goldB, scoreB, tieB, errorRate), flipTop(goldT, scoreT, tieT, errorRate),
                String.format(Locale.ROOT, "structured-noise:%s", errorRate));
    }

    private static double[] flipTop(int[] gold, double[] score, long[] tie, double p) {
        int n = gold.length;
        if (score.length != n || tie.length != n) {
            throw new IllegalArgumentException("structured-noise: " + n + " labels, " + score.length + " scores, "
                    + tie.length + " tie-breaks");
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        java.util.Arrays.sort(order, java.util.Comparator.<Integer>comparingDouble(i -> -score[i])
                .thenComparingLong(i -> tie[i]).thenComparingInt(i -> i));
        int flips = (int) Math.round(p * n);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            if (gold[i] != 0 && gold[i] != 1) throw new IllegalArgumentException("structured-noise: gold label " + i + " is " + gold[i]);
            out[i] = gold[i];
        }
        for (int j = 0; j < flips; j++) out[order[j]] = 1 - gold[order[j]];
        return out;
    }

    /**
     * Reads {@code structured-noise:P}; empty when the spec names something else.
     *
     * @throws UserException when it starts with structured-noise but P is not a rate in [0, 1]
     */
    public static Optional<Double> parseStructuredNoise(String spec) {
        return parseRate(spec, "structured-noise", "an error rate");
    }

    /**
     * Reads {@code noisy-gold:P}; empty when the spec names something else (a model checkpoint).
     *
     * @throws UserException when it starts with noisy-gold but P is not a probability
     */
    public static Optional<Double> parseNoisyGold(String spec) {
        return parseRate(spec, "noisy-gold", "a flip probability");
    }

    /** {@code NAME:P} with P in [0, 1]; empty when the spec does not start with NAME. */
    private static Optional<Double> parseRate(String spec, String name, String what) {
        String s = spec.trim();
        if (!s.toLowerCase(Locale.ROOT).startsWith(name)) return Optional.empty();
        String rest = s.substring(name.length());
        try {
            if (!rest.startsWith(":")) throw new NumberFormatException();
            double p = Double.parseDouble(rest.substring(1));
            if (!(p >= 0 && p <= 1)) throw new NumberFormatException();
            return Optional.of(p);
        } catch (NumberFormatException e) {
            throw new UserException("weak supervisor '" + spec + "': expected " + name + ":P with P " + what
                    + " in [0, 1], e.g. " + name + ":0.2");
        }
    }
}
