package org.w2sg.theory;

import java.util.Arrays;
import org.w2sg.errors.UserException;

/**
 * Everything a synthetic run depends on. Two runs with equal configs write byte-identical CSVs.
 *
 * @param model the spiked-Gaussian single-index model and its weak supervisor
 * @param delta SGD step size in units of 1/d (h = delta / d)
 * @param horizon SGD steps (= fresh labeled samples) per student
 * @param nPre pre-training sample size of the dynamics experiment's spectral start
 * @param seeds independent seeds per point of every experiment
 * @param seed master seed every random stream is derived from
 * @param phasePoints number of log-spaced n_pre in the phase sweep (0.1 n* .. 16 n*)
 * @param bbpPoints number of log-spaced n_pre in the BBP experiment (same range)
 * @param records snapshots per dynamics trajectory
 * @param bootstrap seed-bootstrap resamples for the CIs and the transition
 */
public record SyntheticConfig(SpikedModel model, double delta, long horizon, int nPre, int seeds, long seed,
                              int phasePoints, int bbpPoints, int records, int bootstrap) {
    /** Range of the phase sweep and the BBP experiment, in units of n* = d / lambda^2. */
    public static final double GRID_LOW = 0.1;
    public static final double GRID_HIGH = 16.0;

    public SyntheticConfig {
        if (!(delta > 0) || Double.isInfinite(delta)) throw new UserException("--delta must be positive and finite, got " + delta);
        if (horizon <= 0) throw new UserException("--horizon must be positive, got " + horizon);
        if (nPre < 1) throw new UserException("--n-pre must be at least 1, got " + nPre);
        if (seeds < 1) throw new UserException("--seeds must be at least 1, got " + seeds);
        if (phasePoints < 5) throw new UserException("--phase-points must be at least 5 (the transition fit has 4 parameters), got " + phasePoints);
        if (bbpPoints < 1) throw new UserException("--bbp-points must be at least 1, got " + bbpPoints);
        if (records < 1) throw new UserException("records must be at least 1, got " + records);
        if (bootstrap < 1) throw new UserException("bootstrap resamples must be at least 1, got " + bootstrap);
    }

    /** The defaults for a given model: horizon d^2 / 2, n_pre = d, 5 seeds, 12 phase points. */
    public static SyntheticConfig defaults(SpikedModel model) {
        long d = model.d();
        return new SyntheticConfig(model, 2.5e-4, d * d / 2, model.d(), 5, 0L, 12, 16, 100, 1000);
    }

    public static SpikedModel defaultModel(int d) {
        return new SpikedModel(d, 2.0, 0.7, HermiteLink.HE3, 0.5, 0.95, 3.0);
    }

    public SyntheticConfig withHorizon(long h) {
        return new SyntheticConfig(model, delta, h, nPre, seeds, seed, phasePoints, bbpPoints, records, bootstrap);
    }

    public SyntheticConfig withSeeds(int s) {
        return new SyntheticConfig(model, delta, horizon, nPre, s, seed, phasePoints, bbpPoints, records, bootstrap);
    }

    public SyntheticConfig withPhasePoints(int p) {
        return new SyntheticConfig(model, delta, horizon, nPre, seeds, seed, p, bbpPoints, records, bootstrap);
    }

    public SyntheticConfig withBbpPoints(int p) {
        return new SyntheticConfig(model, delta, horizon, nPre, seeds, seed, phasePoints, p, records, bootstrap);
    }

    public SyntheticConfig withRecords(int r) {
        return new SyntheticConfig(model, delta, horizon, nPre, seeds, seed, phasePoints, bbpPoints, r, bootstrap);
    }

    public SyntheticConfig withBootstrap(int b) {
        return new SyntheticConfig(model, delta, horizon, nPre, seeds, seed, phasePoints, bbpPoints, records, b);
    }

    public SyntheticConfig withSeed(long s) {
        return new SyntheticConfig(model, delta, horizon, nPre, seeds, s, phasePoints, bbpPoints, records, bootstrap);
    }

    /** Integer sample sizes log-spaced from GRID_LOW n* to GRID_HIGH n* (rounded, at least 1, duplicates dropped). */
    public int[] nPreGrid(int points) {
        double lo = GRID_LOW * model.nStar();
        double hi = GRID_HIGH * model.nStar();
        int[] grid = new int[points];
        for (int i = 0; i < points; i++) {
            double t = points == 1 ? 0.0 : (double) i / (points - 1);
            grid[i] = (int) Math.max(1, Math.round(lo * Math.pow(hi / lo, t)));
        }
        return Arrays.stream(grid).distinct().toArray();
    }
}
