package org.w2sg.stats;

import java.util.Arrays;

/**
 * One metric family of a sweep (accuracy or AUC) at one dataset and layer, as a steps x seeds grid: the weak
 * supervisor's, the ceiling probe's and the w2s probe's score of every (step, seed) unit, each with its test-set
 * standard error (from the unit's paired test-row bootstrap), and the standard error of the paired gain
 * {@code w2s - weak}. NaN marks a unit that is missing or a value that is undefined. Where the run recorded them,
 * {@code rows[k][step][seed]} is the unit's per-row correctness on the shared test set T (k: 0 weak, 1 ceiling,
 * 2 w2s; the same rows in the same order for every unit), which lets {@link ClusterBootstrap} resample test rows
 * jointly across seeds and steps instead of adding each unit's own standard error.
 *
 * @param steps  training steps, ascending
 * @param tokens tokens seen at each step
 * @param rows   per-row test correctness, or null (accuracy family only; a missing unit's entry is null)
 */
public record SeedCurves(long[] steps, double[] tokens, double[][] weak, double[][] ceiling, double[][] w2s,
                         double[][] seWeak, double[][] seCeiling, double[][] seW2s, double[][] seGain,
                         boolean[][][][] rows) {
    /** Curves without per-row test correctness (AUC, old runs, the theory's grids): the test term uses the SEs. */
    public SeedCurves(long[] steps, double[] tokens, double[][] weak, double[][] ceiling, double[][] w2s,
                      double[][] seWeak, double[][] seCeiling, double[][] seW2s, double[][] seGain) {
        this(steps, tokens, weak, ceiling, w2s, seWeak, seCeiling, seW2s, seGain, null);
    }

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

    /**
     * The number of test rows when every complete unit has its three per-row correctness vectors, all of that length;
     * 0 otherwise (then the test-set term falls back to the units' standard errors).
     */
    public int testRows() {
        if (rows == null) return 0;
        int n = -1;
        for (int i = 0; i < steps.length; i++) {
            for (int s = 0; s < weak[i].length; s++) {
                if (!complete(i, s)) continue;
                for (int k = 0; k < 3; k++) {
                    boolean[] r = rows[k].length > i && rows[k][i].length > s ? rows[k][i][s] : null;
                    if (r == null || (n >= 0 && r.length != n)) return 0;
                    n = r.length;
                }
            }
        }
        return Math.max(n, 0);
    }

    /** Seeds with all three scores at this step. */
    public int seedsAt(int step) {
        int k = 0;
        for (int s = 0; s < weak[step].length; s++) if (complete(step, s)) k++;
        return k;
    }
}
