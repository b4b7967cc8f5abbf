package org.w2sg.stats;

import java.util.Arrays;

/**
 * One metric family of a sweep (accuracy or AUC) at one dataset and layer, as a steps x seeds grid: the weak
 * supervisor's, the ceiling probe's and the w2s probe's score of every (step, seed) unit, each with its test-set
 * standard error (from the unit's paired test-row bootstrap), and the standard error of the paired gain
 * {@code w2s - weak}. NaN marks a unit that is missing or a value that is undefined.
 *
 * @param steps  training steps, ascending
 * @param tokens tokens seen at each step
 */
public record SeedCurves(long[] steps, double[] tokens, double[][] weak, double[][] ceiling, double[][] w2s,
                         double[][] seWeak, double[][] seCeiling, double[][] seW2s, double[][] seGain) {
    public SeedCurves {
        int n = steps.length;
        for (double[][] m : new double[][][] {weak, ceiling, w2s, seWeak, seCeiling, seW2s, seGain}) {
            if (m.length != n) throw new IllegalArgumentException("seed curves: " + m.length + " rows for " + n + " steps");
        }
        if (tokens.length != n) throw new IllegalArgumentException("seed curves: " + tokens.length + " tokens for " + n + " steps");
    }

    public int stepCount() {
        return steps.length;
    }

    /** Number of seed columns (the widest row). */
    public int seedCount() {
        return Arrays.stream(weak).mapToInt(r -> r.length).max().orElse(0);
    }

    /** Whether (step, seed) has all three scores. */
    public boolean complete(int step, int seed) {
        return seed < weak[step].length && Double.isFinite(weak[step][seed]) && Double.isFinite(ceiling[step][seed])
                && Double.isFinite(w2s[step][seed]);
    }

    /** Seeds with all three scores at this step. */
    public int seedsAt(int step) {
        int k = 0;
        for (int s = 0; s < weak[step].length; s++) if (complete(step, s)) k++;
        return k;
    }
}
