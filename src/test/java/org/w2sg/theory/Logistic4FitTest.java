package org.w2sg.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Logistic4FitTest {
    @Test
    void recoversExactCurves() {
        for (Logistic4 truth : new Logistic4[] {new Logistic4(-3.1, 0.52, 4.9, 0.3), new Logistic4(0.8, 0.1, 20.0, 1.5)}) {
            double[] x = new double[15], y = new double[15];
            for (int i = 0; i < x.length; i++) {
                x[i] = truth.mid() - 6 * truth.scale() + i * 12 * truth.scale() / 14;
                y[i] = truth.value(x[i]);
            }
            Logistic4 got = Logistic4Fit.fit(x, y).curve();
            // noise-free data: LM from the grid optimum converges to the exact parameters up to its tolerances
            assertEquals(truth.bottom(), got.bottom(), 1e-6);
            assertEquals(truth.top(), got.top(), 1e-6);
            assertEquals(truth.mid(), got.mid(), 1e-6);
            assertEquals(truth.scale(), got.scale(), 1e-6);
        }
    }

    /** With noise sd 0.02 on a rise of 1 over 30 points, the midpoint's standard error is ~0.03 scale units. */
    @Test
    void noisyCurveMidpointWithinAFewStandardErrors() {
        Logistic4 truth = new Logistic4(0, 1, 2.0, 0.5);
        SplittableRandom rng = new SplittableRandom(5);
        double[] x = new double[30], y = new double[30];
        for (int i = 0; i < x.length; i++) {
            x[i] = i * 0.15;
            y[i] = truth.value(x[i]) + 0.02 * rng.nextGaussian();
        }
        assertEquals(2.0, Logistic4Fit.fit(x, y).curve().mid(), 0.05);
    }

    @Test
    void tooFewPointsGiveNoFit() {
        assertNull(Logistic4Fit.fit(new double[] {1, 2, Double.NaN, 3}, new double[] {0, 1, 1, 1}));
    }
}
