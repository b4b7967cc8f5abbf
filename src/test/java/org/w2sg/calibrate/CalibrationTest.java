package org.w2sg.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** A small calibration run: the statistics' claims hold on simulated sweeps with known truth. */
class CalibrationTest {
    @Test
    void intervalsCoverAndNullsAreNotCalledTransitions() throws Exception {
        int reps = 8;
        JsonNode r = Calibration.run(new Calibration.Options(reps, 2, 60, 11, false, SweepSimulator.Design.defaults()),
                i -> {});
        int n = r.path("pgr_step_intervals").asInt();
        double cov = r.path("coverage_pgr_step").asDouble();
        // binomial tolerance around 95% for n intervals (3 SE; they are not independent, so a loose bound)
        double tol = 3 * Math.sqrt(0.95 * 0.05 / n);
        assertTrue(n > 100, r.toString());
        assertTrue(cov >= 0.95 - tol, "per-step PGR coverage " + cov + " below 0.95 - " + tol + ": " + r);
        // and not far above the target band 0.92-0.98 (the test-set term counted twice gave 0.998)
        assertTrue(cov <= 0.98 + tol, "per-step PGR coverage " + cov + " above 0.98 + " + tol + ": " + r);
        assertTrue(r.path("fpr_constant").asDouble() <= 0.06 + 3 * Math.sqrt(0.06 * 0.94 / reps), r.toString());
        assertTrue(r.path("fpr_linear").asDouble() <= 0.06 + 3 * Math.sqrt(0.06 * 0.94 / reps), r.toString());
        assertEquals(reps, r.path("midpoint_intervals").asInt(), r.toString());
    }

    /**
     * The per-step PGR interval alone (no curve fits, so many sweeps are cheap): its coverage inside the target band
     * 0.92-0.98 for a nominal 95% interval, give or take 3 cluster-robust SEs (sweeps are the clusters: a sweep's
     * steps share seeds and test rows). The test-set term from the units' SEs alone, which counted the seeds' share of
     * the test noise twice, covered 0.9968 of 924 intervals here, above the band's 0.994: this test fails on it.
     */
    @Test
    void perStepPgrIntervalsHoldTheirLevel() {
        var d = SweepSimulator.Design.defaults();
        int sweeps = 120;
        double[] perSweep = new double[sweeps];
        long hits = 0, n = 0;
        for (int r = 0; r < sweeps; r++) {
            var shape = SweepSimulator.Shape.values()[r % 3];
            var sw = SweepSimulator.simulate(d, shape, 1000 + r);
            var a = org.w2sg.stats.EmergenceAnalysis.of(ClusterEstimator.curves(sw),
                    new org.w2sg.stats.EmergenceAnalysis.Options(300, 0, 0.95, r, false, false));
            int h = 0, k = 0;
            for (int i = 0; i < d.steps(); i++) {
                var p = a.steps().get(i).pgr();
                if (!p.defined()) continue;
                double truth = d.pgr(shape, d.lnTokens(i));
                k++;
                if (p.low() <= truth && truth <= p.high()) h++;
            }
            hits += h;
            n += k;
            perSweep[r] = k == 0 ? Double.NaN : h - 0.95 * k;
        }
        double cov = hits / (double) n;
        // ratio-estimator SE of the coverage over clustered intervals: sd of (hits - 0.95 k) per sweep
        double ss = 0;
        int m = 0;
        for (double v : perSweep) {
            if (Double.isNaN(v)) continue;
            ss += v * v;
            m++;
        }
        double se = Math.sqrt(ss / (m - 1.0)) * m / n / Math.sqrt(m);
        assertTrue(n > 800, "intervals " + n);
        assertTrue(cov >= 0.92 - 3 * se && cov <= 0.98 + 3 * se, "coverage " + cov + " of " + n + " intervals, 3 SE "
                + 3 * se);
    }

    @Test
    void theSimulatorsExpectationsAreTheTruth() {
        var d = SweepSimulator.Design.defaults();
        var sw = SweepSimulator.simulate(d, SweepSimulator.Shape.CONSTANT, 3);
        // weak accuracy over 3 seeds x 856 rows: 0.80 within 4 SE of a mean of correlated rows
        double sum = 0;
        for (int s = 0; s < d.seeds(); s++) sum += Calibration.Units.mean(sw.correct()[0][0][s]);
        assertEquals(0.80, sum / d.seeds(), 0.06);
        assertEquals(d.weak(), d.ceiling().at(d.crossing()), 1e-12);
    }
}
