package org.w2sg.probe;

import org.w2sg.errors.UserException;

/**
 * Paired bootstrap over the test set.
 *
 * @param resamples  number of resamples (default 1000)
 * @param confidence two-sided level of the percentile interval (default 0.95)
 * @param seed       seeds the resampling
 * @param pgrFloor   minimum {@code ceiling - weak} for PGR to be defined (default 0.02)
 */
public record BootstrapOptions(int resamples, double confidence, long seed, double pgrFloor) {
    public BootstrapOptions {
        if (resamples < 1) throw new UserException("bootstrap: resamples must be >= 1, got " + resamples);
        if (!(confidence > 0 && confidence < 1)) {
            throw new UserException("bootstrap: confidence must be in (0, 1), got " + confidence);
        }
        if (!(pgrFloor > 0)) throw new UserException("bootstrap: PGR floor must be > 0, got " + pgrFloor);
    }

    public static BootstrapOptions defaults() {
        return new BootstrapOptions(1000, 0.95, 0L, Pgr.DEFAULT_FLOOR);
    }

    public BootstrapOptions withSeed(long s) {
        return new BootstrapOptions(resamples, confidence, s, pgrFloor);
    }

    public BootstrapOptions withResamples(int r) {
        return new BootstrapOptions(r, confidence, seed, pgrFloor);
    }

    public BootstrapOptions withPgrFloor(double f) {
        return new BootstrapOptions(resamples, confidence, seed, f);
    }
}
