package org.w2sg.calibrate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.w2sg.calibrate.SweepSimulator.Design;
import org.w2sg.calibrate.SweepSimulator.Shape;
import org.w2sg.calibrate.SweepSimulator.Sweep;
import org.w2sg.stats.Transition;
import smile.stat.distribution.TDistribution;

/**
 * The estimators the harness used before the statistics issue, reproduced for the "before" column of the
 * calibration table: per unit, a paired test-row bootstrap of PGR that keeps only resamples whose gap is at least
 * the 0.02 floor; per step, the seeds' mean PGR with a Student-t interval over the defined seeds (one seed: its own
 * interval); the transition fitted to one observation per (step, seed), with a bootstrap over those points and the
 * F test against a constant.
 */
final class LegacyEstimator implements Calibration.Estimator {
    private static final double FLOOR = 0.02;
    private final int resamples;

    LegacyEstimator(int resamples) {
        this.resamples = resamples;
    }

    @Override
    public Calibration.Outcome score(Sweep sw, long seed) {
        Design d = sw.design();
        SplittableRandom rng = new SplittableRandom(seed);
        int intervals = 0, covered = 0;
        List<Transition.Observation> obs = new ArrayList<>();
        for (int i = 0; i < d.steps(); i++) {
            double tokens = Math.exp(d.lnTokens(i));
            List<double[]> defined = new ArrayList<>();
            for (int s = 0; s < d.seeds(); s++) {
                double[] unit = unitPgr(sw.correct()[0][i][s], sw.correct()[1][i][s], sw.correct()[2][i][s], rng);
                obs.add(new Transition.Observation(Math.round(tokens / 2_097_152.0), tokens, unit[0]));
                if (!Double.isNaN(unit[0])) defined.add(unit);
            }
            int n = defined.size();
            if (n == 0) continue;
            double lo, hi;
            if (n == 1) {
                lo = defined.get(0)[1];
                hi = defined.get(0)[2];
            } else {
                double mean = defined.stream().mapToDouble(u -> u[0]).average().orElseThrow();
                double ss = defined.stream().mapToDouble(u -> (u[0] - mean) * (u[0] - mean)).sum();
                double half = new TDistribution(n - 1).quantile(0.975) * Math.sqrt(ss / (n - 1)) / Math.sqrt(n);
                lo = mean - half;
                hi = mean + half;
            }
            if (Double.isNaN(lo)) continue;
            intervals++;
            double truth = d.pgr(sw.shape(), d.lnTokens(i));
            if (lo <= truth && truth <= hi) covered++;
        }
        Optional<Transition> t = Transition.fit(obs, resamples, 0.95, seed);
        boolean claim = t.isPresent() && !t.get().flags().contains("no_clear_transition");
        int midFit = 0, midCov = 0;
        double err = Double.NaN;
        if (t.isPresent() && sw.shape() == Shape.LOGISTIC) {
            double truth = d.pgrCurve().mid();
            err = t.get().curve().mid() - truth;
            double lo = Math.log(t.get().midpointTokensCi().low()), hi = Math.log(t.get().midpointTokensCi().high());
            if (Double.isFinite(lo) && Double.isFinite(hi)) {
                midFit = 1;
                if (lo <= truth && truth <= hi) midCov = 1;
            }
        }
        return new Calibration.Outcome(sw.shape(), intervals, covered, midCov, midFit, 0, 0, claim, err);
    }

    /** {value, ci low, ci high} of one unit's PGR: NaN value below the floor; the conditional percentile interval. */
    private double[] unitPgr(boolean[] weak, boolean[] ceil, boolean[] w2s, SplittableRandom rng) {
        int n = weak.length;
        // the bootstrap only needs how many rows fall in each of the 8 (weak, ceiling, w2s) correctness patterns
        int[] pattern = new int[n];
        for (int j = 0; j < n; j++) pattern[j] = (weak[j] ? 1 : 0) | (ceil[j] ? 2 : 0) | (w2s[j] ? 4 : 0);
        double wk = Calibration.Units.mean(weak), ce = Calibration.Units.mean(ceil), ws = Calibration.Units.mean(w2s);
        if (!(ce - wk >= FLOOR)) return new double[] {Double.NaN, Double.NaN, Double.NaN};
        double[] boot = new double[resamples];
        int k = 0;
        for (int b = 0; b < resamples; b++) {
            int hw = 0, hc = 0, hx = 0;
            for (int j = 0; j < n; j++) {
                int p = pattern[rng.nextInt(n)];
                hw += p & 1;
                hc += (p >> 1) & 1;
                hx += (p >> 2) & 1;
            }
            double gap = (hc - hw) / (double) n;
            if (gap >= FLOOR) boot[k++] = (hx - hw) / (double) n / gap;
        }
        double value = (ws - wk) / (ce - wk);
        if (k == 0) return new double[] {value, Double.NaN, Double.NaN};
        double[] v = Arrays.copyOf(boot, k);
        Arrays.sort(v);
        return new double[] {value, q(v, 0.025), q(v, 0.975)};
    }

    private static double q(double[] s, double q) {
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, s.length - 1);
        return s[lo] + (pos - lo) * (s[hi] - s[lo]);
    }
}
