package org.w2sg.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.w2sg.linalg.Lanczos;

/** The Gauss-Hermite risks against two independent references: Mehler's identity and Monte Carlo in d dimensions. */
class TheoryRiskTest {

    /** E[He_k(a) He_k(b)] = k! rho^k for standard normals with correlation rho (Mehler); exact up to rounding. */
    @Test
    void quadratureReproducesMehlersIdentity() {
        GaussHermite2D q = new GaussHermite2D(8);
        int[] factorial = {1, 1, 2, 6, 24};
        for (HermiteLink link : HermiteLink.values()) {
            for (double rho : new double[] {-0.8, 0.0, 0.3, 0.95}) {
                double got = q.expect(1, 1, rho, (a, b) -> link.value(a) * link.value(b));
                double want = factorial[link.degree()] * Math.pow(rho, link.degree());
                assertEquals(want, got, 1e-10, link + " rho=" + rho);
            }
        }
    }

    /**
     * The risk from overlaps (closed-form covariances + quadrature) against a Monte Carlo mean of the squared error
     * computed from full input vectors. The tolerance is 4 standard errors of the Monte Carlo mean: a correct formula
     * fails it with probability ~6e-5 (and the seed is fixed), while a wrong covariance term (e.g. dropping the
     * spike's lambda mv eta) moves the risk by many standard errors; the test also checks it has that power.
     */
    @Test
    void riskAgreesWithMonteCarlo() {
        int d = 8;
        int n = 400_000;
        for (HermiteLink link : HermiteLink.values()) {
            SpikedModel model = new SpikedModel(d, 2.0, 0.7, link, 0.5, 0.95, 3.0);
            SplittableRandom rng = new SplittableRandom(17 + link.ordinal());
            double[] w = DynamicsExperiment.randomUnit(d, rng);
            w[0] += 0.6; // a student with a real component along the spike, so lambda terms matter
            w[1] += 0.3;
            Lanczos.scale(w, 1.0 / Lanczos.norm(w));
            double[] wStar = {model.eta(), Math.sqrt(1 - model.eta() * model.eta()), 0, 0, 0, 0, 0, 0};
            double[] x = new double[d];
            double sum = 0, sum2 = 0, sumW = 0, sumW2 = 0;
            for (int i = 0; i < n; i++) {
                model.sampleInput(rng, x);
                double truth = link.value(Lanczos.dot(wStar, x));
                double e = link.value(Lanczos.dot(w, x)) - truth;
                sum += e * e;
                sum2 += e * e * e * e;
                double ew = model.weakLabel(x) - truth;
                sumW += ew * ew;
                sumW2 += ew * ew * ew * ew;
            }
            double mc = sum / n, se = Math.sqrt((sum2 / n - mc * mc) / n);
            double mcWeak = sumW / n, seWeak = Math.sqrt((sumW2 / n - mcWeak * mcWeak) / n);
            double quad = model.risk(w);
            assertEquals(mc, quad, 4 * se, link + " student risk: quadrature " + quad + " vs MC " + mc + " +- " + se);
            assertEquals(mcWeak, model.weakRisk(), 4 * seWeak, link + " weak risk: " + model.weakRisk() + " vs MC " + mcWeak + " +- " + seWeak);
            // power: ignoring the spike in the covariance would be detected
            double wrong = new SpikedModel(d, 1e-9, 0.7, link, 0.5, 0.95, 3.0).risk(w);
            assertTrue(Math.abs(wrong - mc) > 10 * se, link + ": the MC check cannot tell the spike's contribution apart");
        }
    }

    @Test
    void weakRiskIsSaturationPlusTauSquaredAndCeilingOptimumIsZero() {
        SpikedModel m = SyntheticConfig.defaultModel(500);
        assertEquals(m.saturationRisk() + 9.0, m.weakRisk(), 1e-12);
        assertEquals(0.0, m.riskAt(m.eta(), 1.0), 1e-9, "w = w* has zero risk");
        assertTrue(m.saturationRisk() > 0);
    }
}
