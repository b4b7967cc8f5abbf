package org.w2sg.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PartialCorrelationTest {
    /**
     * x and y share only a trend in z (plus independent noise): their raw correlation is large, the partial one is a
     * null, and its p-value rejects at 5% in 5% of 4,000 simulated 12-step sweeps (binomial sd 0.35%, so +-1.2% is
     * over 3 sd).
     */
    @Test
    void sharedTrendAloneIsNoPartialCorrelationAndThePValueHasItsLevel() {
        SplittableRandom rng = new SplittableRandom(5);
        int n = 12, sims = 4000, rejected = 0;
        for (int s = 0; s < sims; s++) {
            double[] x = new double[n], y = new double[n], z = new double[n];
            for (int i = 0; i < n; i++) {
                z[i] = Math.log(1000.0 * (1 << i));
                x[i] = 0.3 * z[i] + rng.nextGaussian();
                y[i] = -0.2 * z[i] + rng.nextGaussian();
            }
            if (PartialCorrelation.of(x, y, z).pValue() < 0.05) rejected++;
        }
        assertEquals(0.05, rejected / (double) sims, 0.012);
    }

    /** y = x + small noise beyond the trend: partial r near 1; residual-free closed form for r with exact data. */
    @Test
    void dependenceBeyondTheTrendIsFound() {
        SplittableRandom rng = new SplittableRandom(6);
        int n = 12;
        double[] x = new double[n], y = new double[n], z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = i;
            double e = rng.nextGaussian();
            x[i] = 2 * z[i] + e;
            y[i] = -z[i] + e + 0.1 * rng.nextGaussian();
        }
        PartialCorrelation p = PartialCorrelation.of(x, y, z);
        assertTrue(p.r() > 0.95 && p.pValue() < 1e-4, p.toString());
        assertEquals(12, p.n());
        assertTrue(Double.isNaN(PartialCorrelation.of(new double[3], new double[3], new double[3]).r()));
    }
}
