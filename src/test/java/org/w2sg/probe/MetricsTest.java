package org.w2sg.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void aucOfAHandComputedExampleWithATie() {
        // positives score 0.35, 0.8, 0.4; negatives 0.1, 0.4. Of the 6 pairs the positive wins 4 and ties 1 (0.4 vs
        // 0.4): AUC = (4 + 0.5) / 6 = 0.75
        double[] s = {0.1, 0.4, 0.35, 0.8, 0.4};
        int[] y = {0, 0, 1, 1, 1};
        assertEquals(0.75, Metrics.rocAuc(s, y), 1e-15);
        assertEquals(1.0, Metrics.rocAuc(new double[] {0.1, 0.2, 0.9}, new int[] {0, 0, 1}), 1e-15);
        assertEquals(0.5, Metrics.rocAuc(new double[] {0.3, 0.3, 0.3, 0.3}, new int[] {0, 1, 0, 1}), 1e-15);
        assertTrue(Double.isNaN(Metrics.rocAuc(new double[] {0.3, 0.4}, new int[] {1, 1})));
    }

    @Test
    void weightedAucEqualsAucOfTheExpandedSample() {
        double[] s = {0.1, 0.4, 0.35, 0.8, 0.4};
        int[] y = {0, 0, 1, 1, 1};
        int[] w = {2, 0, 1, 3, 1};
        // the same sample written out row by row
        double[] s2 = {0.1, 0.1, 0.35, 0.8, 0.8, 0.8, 0.4};
        int[] y2 = {0, 0, 1, 1, 1, 1, 1};
        assertEquals(Metrics.rocAuc(s2, y2), new Metrics.RankedScores(s, y).auc(w), 1e-15);
    }

    @Test
    void accuracyCountsProbabilitiesAboveOneHalf() {
        assertEquals(0.75, Metrics.accuracy(new double[] {0.9, 0.2, 0.5, 0.7}, new int[] {1, 0, 1, 1}), 1e-15);
    }

    @Test
    void pgrIsEmptyAndFlaggedWhenTheGapIsBelowTheFloor() {
        assertTrue(Pgr.of(0.70, 0.71, 0.705, 0.02).isEmpty());
        assertEquals(0.5, Pgr.of(0.60, 0.80, 0.70, 0.02).getAsDouble(), 1e-12);
        // through the bootstrap: a weak supervisor as good as the ceiling
        SplittableRandom rng = new SplittableRandom(5);
        int n = 500;
        int[] gold = new int[n];
        double[] weak = new double[n], ceiling = new double[n], w2s = new double[n];
        for (int i = 0; i < n; i++) {
            gold[i] = i % 2;
            double p = gold[i] == 1 ? 0.8 : 0.2;
            weak[i] = rng.nextDouble() < 0.8 ? p : 1 - p;
            ceiling[i] = weak[i];
            w2s[i] = rng.nextDouble() < 0.8 ? p : 1 - p;
        }
        W2sMetrics m = PairedBootstrap.evaluate(weak, ceiling, w2s, gold, BootstrapOptions.defaults().withResamples(200));
        assertFalse(m.pgrAcc().isDefined());
        assertTrue(m.pgrAcc().optional().isEmpty());
        assertTrue(m.pgrAcc().flag().startsWith("pgr_undefined"), m.pgrAcc().flag());
        assertTrue(Double.isNaN(m.pgrAcc().ciLow()) && Double.isNaN(m.pgrAcc().ciHigh()));
        // the raw gain is always reported
        assertTrue(m.gainAcc().isDefined());
        assertEquals(m.w2sAcc().value() - m.weakAcc().value(), m.gainAcc().value(), 1e-12);
    }

    /** Test-set predictions of three classifiers with accuracies ~0.65, ~0.85, ~0.75 on n balanced rows. */
    static W2sMetrics simulated(int n, long seed, int resamples) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] gold = new int[n];
        double[][] p = new double[3][n];
        double[] acc = {0.65, 0.85, 0.75};
        for (int i = 0; i < n; i++) {
            gold[i] = i % 2;
            for (int m = 0; m < 3; m++) {
                double conf = 0.5 + 0.5 * rng.nextDouble();
                boolean right = rng.nextDouble() < acc[m];
                p[m][i] = (gold[i] == 1) == right ? conf : 1 - conf;
            }
        }
        return PairedBootstrap.evaluate(p[0], p[1], p[2], gold,
                BootstrapOptions.defaults().withResamples(resamples).withSeed(seed));
    }

    @Test
    void bootstrapIntervalsCoverThePointEstimateAndShrinkWithN() {
        W2sMetrics small = simulated(200, 1, 1000);
        W2sMetrics large = simulated(3200, 1, 1000);
        for (W2sMetrics m : new W2sMetrics[] {small, large}) {
            m.byName().forEach((name, e) -> {
                assertTrue(e.isDefined(), name);
                assertTrue(e.ciLow() <= e.value() && e.value() <= e.ciHigh(), name + " " + e);
            });
        }
        // 16x the rows: the interval should be ~4x narrower; require at least 2.5x for every metric
        small.byName().forEach((name, e) -> {
            Estimate big = large.byName().get(name);
            double ratio = (e.ciHigh() - e.ciLow()) / (big.ciHigh() - big.ciLow());
            assertTrue(ratio > 2.5, name + " width ratio " + ratio);
        });
        // the accuracy interval is close to the normal-approximation one: 2 * 1.96 * sqrt(p(1-p)/n)
        Estimate w = large.weakAcc();
        double expected = 2 * 1.96 * Math.sqrt(w.value() * (1 - w.value()) / 3200);
        assertEquals(expected, w.ciHigh() - w.ciLow(), 0.15 * expected);
    }

    @Test
    void bootstrapIsSeededAndPaired() {
        W2sMetrics a = simulated(400, 3, 300);
        W2sMetrics b = simulated(400, 3, 300);
        assertEquals(a, b);
        // pairing: the gain's interval is narrower than the sum of the two accuracy half-widths would suggest
        // when the same rows are resampled (here errors are independent, so it is about sqrt(2) not 2 times wider)
        double gainWidth = a.gainAcc().ciHigh() - a.gainAcc().ciLow();
        double sumWidth = (a.w2sAcc().ciHigh() - a.w2sAcc().ciLow()) + (a.weakAcc().ciHigh() - a.weakAcc().ciLow());
        assertTrue(gainWidth < sumWidth, gainWidth + " vs " + sumWidth);
    }

    @Test
    void noisyGoldFlipsTheRequestedFraction() {
        int n = 20000;
        int[] gold = new int[n];
        for (int i = 0; i < n; i++) gold[i] = i % 2;
        WeakPredictions w = WeakSupervisors.noisyGold(0.2, gold, gold, 4);
        // Binomial(20000, 0.2): SD of the fraction 0.0028; 0.012 is > 4 SD
        assertEquals(0.8, Metrics.accuracy(w.transfer(), gold), 0.012);
        assertEquals(0.8, Metrics.accuracy(w.test(), gold), 0.012);
        assertEquals(0.2, WeakSupervisors.parseNoisyGold("noisy-gold:0.2").orElseThrow(), 0);
        assertTrue(WeakSupervisors.parseNoisyGold("pythia-70m@step143000:3").isEmpty());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> WeakSupervisors.parseNoisyGold("noisy-gold:1.5"));
    }
}
