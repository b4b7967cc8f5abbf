package org.w2sg.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TransitionTest {
    static final double TOKENS_PER_STEP = 2_097_152; // Pythia: 1024 sequences x 2048 tokens

    /** Pythia-like step grid: 1, 2, 4, ..., 512, then 1000, 2000, ..., 143000 (one in every 4 kept). */
    static long[] steps() {
        List<Long> s = new ArrayList<>();
        for (long k = 1; k <= 512; k *= 2) s.add(k);
        for (long k = 1000; k <= 143000; k += 4000) s.add(k);
        return s.stream().mapToLong(Long::longValue).toArray();
    }

    @Test
    void fourParameterLogisticRecoversKnownParametersFromNoisyData() {
        LogisticCurve truth = new LogisticCurve(0.05, 0.60, Math.log(2e10), 1.2);
        SplittableRandom rng = new SplittableRandom(17);
        List<Transition.Observation> obs = new ArrayList<>();
        double sigma = 0.03;
        for (long step : steps()) {
            double tokens = step * TOKENS_PER_STEP;
            for (int seed = 0; seed < 3; seed++) {
                obs.add(new Transition.Observation(step, tokens, truth.at(Math.log(tokens)) + sigma * rng.nextGaussian()));
            }
        }
        obs.add(new Transition.Observation(0, 0, 0.01)); // step 0 has no tokens: dropped, not fatal
        obs.add(new Transition.Observation(5, 5 * TOKENS_PER_STEP, Double.NaN)); // an undefined PGR: dropped
        Transition t = Transition.fit(obs, 200, 0.95, 1).orElseThrow();
        LogisticCurve c = t.curve();
        // 138 points with noise 0.03 on a rise of 0.55. The bootstrap spread of this very fit gives standard errors
        // of about 0.008 (bottom), 0.02 (top), 0.1 (mid, ln tokens) and 0.15 (width); tolerances are ~3 of them.
        assertEquals(truth.bottom(), c.bottom(), 0.03);
        assertEquals(truth.top(), c.top(), 0.06);
        assertEquals(truth.mid(), c.mid(), 0.3);
        assertEquals(truth.width(), c.width(), 0.45);
        assertEquals(2, t.dropped());
        assertEquals(sigma, t.rmse(), 0.006);
        // the midpoint as tokens and as a step (tokens are proportional to steps here)
        assertEquals(Math.exp(c.mid()), t.midpointTokens(), 1e-6 * t.midpointTokens());
        assertEquals(t.midpointTokens() / TOKENS_PER_STEP, t.midpointStep(), 1e-6 * t.midpointStep());
        // the bootstrap interval contains the truth and the estimate and is not absurdly wide
        assertTrue(t.midpointTokensCi().low() < 2e10 && 2e10 < t.midpointTokensCi().high(), t.toString());
        assertTrue(t.midpointTokensCi().low() <= t.midpointTokens() && t.midpointTokens() <= t.midpointTokensCi().high());
        assertTrue(t.midpointTokensCi().high() / t.midpointTokensCi().low() < 3, t.toString());
        assertTrue(t.widthCi().low() < truth.width() && truth.width() < t.widthCi().high(), t.toString());
        assertTrue(t.resamplesUsed() >= 190, t.toString());
        assertEquals("", t.flags());
    }

    @Test
    void fallingCurvesComeBackInCanonicalForm() {
        double[] x = new double[40];
        double[] y = new double[40];
        for (int i = 0; i < x.length; i++) {
            x[i] = i * 0.5;
            y[i] = 0.9 - 0.7 * LogisticCurve.sigmoid((x[i] - 8) / 1.5);
        }
        LogisticCurve c = LogisticFit.fit(x, y).orElseThrow().curve();
        assertEquals(0.9, c.bottom(), 1e-4);
        assertEquals(0.2, c.top(), 1e-4);
        assertEquals(8, c.mid(), 1e-3);
        assertEquals(1.5, c.width(), 1e-3);
    }

    @Test
    void firstStepWhoseLowerBoundExceedsZero() {
        long[] steps = {4000, 1, 1000, 512, 143000};
        double[] low = {0.2, 0.1, -0.01, Double.NaN, 0.3};
        // in step order: 1 (0.1 > 0) comes first
        assertEquals(1, Transition.firstStepAbove(steps, low, 0).getAsLong());
        assertEquals(4000, Transition.firstStepAbove(steps, low, 0.15).getAsLong());
        assertTrue(Transition.firstStepAbove(steps, low, 0.5).isEmpty());
    }

    @Test
    void spearmanWithTiesMatchesTheHandComputedValue() {
        // ranks of x = [1, 2.5, 2.5, 4, 5], of y = [2, 1, 3.5, 3.5, 5]; Pearson of the ranks:
        // sum dx dy = 7.25, sum dx^2 = sum dy^2 = 9.5, rho = 7.25 / 9.5
        double[] x = {1, 2, 2, 3, 4};
        double[] y = {2, 1, 3, 3, 5};
        Spearman s = Spearman.of(x, y);
        assertEquals(7.25 / 9.5, s.rho(), 1e-12);
        assertEquals(5, s.n());
        // NaN pairs (an undefined PGR) are left out
        Spearman t = Spearman.of(new double[] {1, 2, 2, 3, 4, Double.NaN}, new double[] {2, 1, 3, 3, 5, 7});
        assertEquals(7.25 / 9.5, t.rho(), 1e-12);
        assertEquals(-1.0, Spearman.of(new double[] {1, 2, 3, 4}, new double[] {9, 5, 4, 1}).rho(), 1e-12);
    }

    @Test
    void spearmanPValueIsExactForAFewSteps() {
        // 3 steps in perfect order: 2 of the 3! orderings are as extreme (rho = +1 or -1), so p = 1/3, not 0
        assertEquals(1.0 / 3, Spearman.of(new double[] {1, 2, 3}, new double[] {0.1, 0.5, 0.7}).pValue(), 1e-12);
        assertEquals(2.0 / 24, Spearman.of(new double[] {1, 2, 3, 4}, new double[] {4, 3, 2, 1}).pValue(), 1e-12);
        // n = 5, rho = 0.9 (one adjacent swap): |rho| >= 0.9 needs sum d^2 <= 2 or >= 38, i.e. the identity, the 4
        // adjacent swaps and their 5 reversals: 10 of 120 orderings
        Spearman s = Spearman.of(new double[] {1, 2, 3, 4, 5}, new double[] {1, 3, 2, 4, 5});
        assertEquals(0.9, s.rho(), 1e-12);
        assertEquals(10.0 / 120, s.pValue(), 1e-12);
        // many steps: the t approximation, as before (rho = 1 has p ~ 0 there, rightly)
        double[] x = new double[12];
        for (int i = 0; i < x.length; i++) x[i] = i;
        assertTrue(Spearman.of(x, x).pValue() < 1e-6);
    }

    @Test
    void aJumpBetweenTwoStepsIsFlaggedAndItsIntervalCoversTheGap() {
        // 5 steps, 3 seeds: 0.0 up to step 1000, 0.5 from step 4000 on (noise 0.01). Any midpoint between steps 1000
        // and 4000 fits equally well, so the interval must span that gap whatever the fit returned.
        long[] steps = {64, 250, 1000, 4000, 16000};
        SplittableRandom rng = new SplittableRandom(5);
        List<Transition.Observation> obs = new ArrayList<>();
        for (long step : steps) {
            for (int seed = 0; seed < 3; seed++) {
                obs.add(new Transition.Observation(step, step * TOKENS_PER_STEP, (step >= 4000 ? 0.5 : 0) + 0.01 * rng.nextGaussian()));
            }
        }
        Transition t = Transition.fit(obs, 200, 0.95, 3).orElseThrow();
        assertTrue(t.flags().contains("step_like"), t.toString());
        assertTrue(t.midpointTokensCi().low() <= 1000 * TOKENS_PER_STEP * 1.0001, t.toString());
        assertTrue(t.midpointTokensCi().high() >= 4000 * TOKENS_PER_STEP * 0.9999, t.toString());
        assertTrue(!t.flags().contains("no_clear_transition"), "a rise of 0.5 against noise 0.01 is clear: " + t.flags());
    }

    @Test
    void noiseAroundAConstantIsFlaggedAsNoClearTransition() {
        // 5 steps x 3 seeds of noise 0.03 around 0, as a sweep of a model that never learns the task gives: the
        // curve fits the noise, and the F test against a constant says so
        long[] steps = {64, 250, 1000, 4000, 16000};
        SplittableRandom rng = new SplittableRandom(1);
        List<Transition.Observation> obs = new ArrayList<>();
        for (long step : steps) {
            for (int seed = 0; seed < 3; seed++) obs.add(new Transition.Observation(step, step * TOKENS_PER_STEP, 0.03 * rng.nextGaussian()));
        }
        Transition t = Transition.fit(obs, 200, 0.95, 3).orElseThrow();
        assertTrue(t.flags().contains("no_clear_transition: a constant fits about as well"), t.toString());
    }

    @Test
    void theFTestAgainstAConstantMatchesItsClosedForm() {
        // y = 0,0,1,1,1,0,1 with a curve of SSE 1: SSE_const = 7 * (4/7)(3/7) = 12/7, F = ((12/7 - 1) / 3) / (1 / 3)
        // = 5/7 on (3, 3) degrees of freedom; P(F(3,3) > 5/7) = 0.605610 (scipy.stats.f.sf(5/7, 3, 3))
        double[] y = {0, 0, 1, 1, 1, 0, 1};
        LogisticFit.Result r = new LogisticFit.Result(new LogisticCurve(0, 1, 0, 1), 1.0, 7);
        assertEquals(0.605610, LogisticFit.pValueAgainstConstant(y, r), 1e-5);
    }

    @Test
    void threeStepsAreTooFewForAFourParameterCurve() {
        // 3 steps x 4 seeds = 12 observations, but any sigmoid through 3 x values fits: no midpoint to report
        List<Transition.Observation> obs = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(4);
        for (long step : new long[] {250, 1000, 4000}) {
            for (int seed = 0; seed < 4; seed++) obs.add(new Transition.Observation(step, step * TOKENS_PER_STEP, step / 8000.0 + 0.01 * rng.nextGaussian()));
        }
        assertTrue(Transition.fit(obs, 50, 0.95, 1).isEmpty());
        obs.add(new Transition.Observation(16000, 16000 * TOKENS_PER_STEP, 0.5));
        assertTrue(Transition.fit(obs, 50, 0.95, 1).isPresent(), "a fourth step makes it fittable");
    }

    @Test
    void pureNoiseGivesAnUninformativeInterval() {
        SplittableRandom rng = new SplittableRandom(23);
        List<Transition.Observation> obs = new ArrayList<>();
        for (long step : steps()) obs.add(new Transition.Observation(step, step * TOKENS_PER_STEP, 0.02 * rng.nextGaussian()));
        Transition t = Transition.fit(obs, 50, 0.95, 2).orElseThrow();
        // no transition in the data: the midpoint is either outside the data (flagged) or the interval is very wide
        boolean flagged = t.flags().contains("midpoint_outside_observed_range");
        double ratio = t.midpointTokensCi().high() / t.midpointTokensCi().low();
        assertTrue(flagged || ratio > 10, t.toString());
    }
}
