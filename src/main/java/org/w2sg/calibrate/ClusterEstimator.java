package org.w2sg.calibrate;

import org.w2sg.calibrate.SweepSimulator.Design;
import org.w2sg.calibrate.SweepSimulator.Shape;
import org.w2sg.calibrate.SweepSimulator.Sweep;
import org.w2sg.stats.EmergenceAnalysis;
import org.w2sg.stats.SeedCurves;

/**
 * Today's estimators ({@link EmergenceAnalysis}) on a simulated sweep, from what a run records per unit: the three
 * scores, their test-set standard errors and the per-row test correctness (so test rows are resampled jointly).
 */
public final class ClusterEstimator implements Calibration.Estimator {
    private final int resamples;

    ClusterEstimator(int resamples) {
        this.resamples = resamples;
    }

    public static SeedCurves curves(Sweep sw) {
        Design d = sw.design();
        int m = d.steps(), seeds = d.seeds();
        long[] steps = new long[m];
        double[] tokens = new double[m];
        double[][][] v = new double[3][m][seeds], se = new double[3][m][seeds];
        double[][] seGain = new double[m][seeds];
        for (int i = 0; i < m; i++) {
            tokens[i] = Math.exp(d.lnTokens(i));
            steps[i] = Math.round(tokens[i] / 2_097_152.0);
            for (int s = 0; s < seeds; s++) {
                for (int k = 0; k < 3; k++) {
                    double p = Calibration.Units.mean(sw.correct()[k][i][s]);
                    v[k][i][s] = p;
                    se[k][i][s] = Math.sqrt(p * (1 - p) / d.testRows());
                }
                seGain[i][s] = Calibration.Units.pairedSe(sw.correct()[2][i][s], sw.correct()[0][i][s]);
            }
        }
        boolean[][][][] rows = new boolean[3][m][][];
        for (int k = 0; k < 3; k++) for (int i = 0; i < m; i++) rows[k][i] = sw.correct()[k][i].clone();
        return new SeedCurves(steps, tokens, v[0], v[1], v[2], se[0], se[1], se[2], seGain, rows);
    }

    @Override
    public Calibration.Outcome score(Sweep sw, long seed) {
        Design d = sw.design();
        EmergenceAnalysis a = EmergenceAnalysis.of(curves(sw),
                new EmergenceAnalysis.Options(resamples, resamples, 0.95, seed, true, false));
        int intervals = 0, covered = 0;
        for (int i = 0; i < d.steps(); i++) {
            var p = a.steps().get(i).pgr();
            if (!p.defined()) continue;
            intervals++;
            double truth = d.pgr(sw.shape(), d.lnTokens(i));
            if (p.low() <= truth && truth <= p.high()) covered++;
        }
        int midFit = 0, midCov = 0, offFit = 0, offCov = 0;
        double err = Double.NaN;
        boolean claim = false;
        if (a.pgr().isPresent()) {
            var f = a.pgr().get();
            claim = f.transitionPresent(0.05);
            if (sw.shape() == Shape.LOGISTIC) {
                double truth = d.pgrCurve().mid();
                err = f.curve().mid() - truth;
                if (f.midCi().finite()) {
                    midFit = 1;
                    if (f.midCi().contains(truth)) midCov = 1;
                }
                if (a.offsetCi().finite()) {
                    offFit = 1;
                    if (a.offsetCi().contains(truth - d.crossing())) offCov = 1;
                }
            }
        }
        return new Calibration.Outcome(sw.shape(), intervals, covered, midCov, midFit, offCov, offFit, claim, err);
    }
}
