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
        assertTrue(r.path("fpr_constant").asDouble() <= 0.06 + 3 * Math.sqrt(0.06 * 0.94 / reps), r.toString());
        assertTrue(r.path("fpr_linear").asDouble() <= 0.06 + 3 * Math.sqrt(0.06 * 0.94 / reps), r.toString());
        assertEquals(reps, r.path("midpoint_intervals").asInt(), r.toString());
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
