package org.w2sg.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import smile.stat.distribution.GaussianDistribution;

class LogisticProbeTest {

    /** Two classes N(+-mu e_1, I) in 20 dimensions; the Bayes rule is sign(x_1), accuracy Phi(mu). */
    static float[][] gaussians(int n, int d, double mu, int[] labels, SplittableRandom rng) {
        float[][] x = new float[n][d];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            for (int j = 0; j < d; j++) x[i][j] = (float) rng.nextGaussian();
            x[i][0] += (float) (labels[i] == 1 ? mu : -mu);
        }
        return x;
    }

    @Test
    void twoGaussiansReachTheBayesAccuracy() {
        SplittableRandom rng = new SplittableRandom(42);
        int d = 20;
        double mu = 1.0;
        int[] yTrain = new int[4000];
        int[] yTest = new int[20000];
        float[][] xTrain = gaussians(yTrain.length, d, mu, yTrain, rng);
        float[][] xTest = gaussians(yTest.length, d, mu, yTest, rng);
        ProbeFit fit = LogisticProbe.fit(xTrain, yTrain, ProbeOptions.defaults());
        double acc = Metrics.accuracy(fit.predictProba(xTest), yTest);
        double bayes = new GaussianDistribution(0, 1).cdf(mu); // 0.8413
        // Tolerance 1 point: the test set's sampling SE is sqrt(.84*.16/20000) = 0.0026, and the excess error of a
        // 21-parameter logistic fit on 4000 rows is of order d/n ~ 0.005 in log-loss, far less in accuracy; 0.01 is
        // about 3 SE above both together, and a probe that misses the signal (acc ~ 0.5-0.8) fails it.
        assertEquals(bayes, acc, 0.01, "accuracy " + acc + " vs Bayes " + bayes);
        assertTrue(fit.search().chosen() > 0);
        assertEquals(ProbeFit.Solver.SMILE_LOGISTIC_REGRESSION, fit.solver());
    }

    @Test
    void softTrainingOnOneHotTargetsEqualsHardTraining() {
        SplittableRandom rng = new SplittableRandom(7);
        int n = 600, d = 40;
        double[][] x = new double[n][d];
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            double margin = 0;
            for (int j = 0; j < d; j++) {
                x[i][j] = rng.nextGaussian() * (1 + j % 3) + j * 0.1;
                margin += (j % 5 == 0 ? 0.4 : 0.02) * x[i][j];
            }
            t[i] = rng.nextDouble() < ProbeFit.sigmoid(margin - 2.0) ? 1 : 0;
        }
        ProbeOptions options = ProbeOptions.defaults().withLambda(5.0);
        ProbeFit hard = LogisticProbe.fit(x, t, options);
        ProbeFit soft = LogisticProbe.fitWithObjective(x, t, options);
        assertEquals(ProbeFit.Solver.SMILE_LOGISTIC_REGRESSION, hard.solver());
        assertEquals(ProbeFit.Solver.SOFT_TARGET_LBFGS, soft.solver());
        double maxW = 0, maxDiff = 0;
        for (int j = 0; j <= d; j++) {
            maxW = Math.max(maxW, Math.abs(hard.weights()[j]));
            maxDiff = Math.max(maxDiff, Math.abs(hard.weights()[j] - soft.weights()[j]));
        }
        // Same strictly convex objective, same optimizer, both stopped at Smile's relative gradient tolerance 1e-5:
        // the minimisers agree to far better than 1e-3 of the largest coefficient.
        assertTrue(maxDiff < 1e-3 * maxW, "max coefficient difference " + maxDiff + " vs max |w| " + maxW);
        assertEquals(hard.trainLoss(), soft.trainLoss(), 1e-6 * hard.trainLoss());
        double[] ph = hard.predictProba(x);
        double[] ps = soft.predictProba(x);
        for (int i = 0; i < n; i++) {
            assertEquals(ph[i], ps[i], 1e-4);
            assertEquals(ph[i] > 0.5, ps[i] > 0.5, "row " + i);
        }
    }

    @Test
    void softTargetsPullTheProbeTowardsTheirProbabilities() {
        // with a single informative feature and targets sigmoid(2 x), the unregularised soft fit recovers slope 2
        SplittableRandom rng = new SplittableRandom(3);
        int n = 3000;
        double[][] x = new double[n][1];
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = rng.nextGaussian();
            t[i] = ProbeFit.sigmoid(2 * x[i][0]);
        }
        ProbeFit fit = LogisticProbe.fit(x, t, ProbeOptions.defaults().withLambda(0));
        assertEquals(ProbeFit.Solver.SOFT_TARGET_LBFGS, fit.solver());
        // the coefficient is on the standardized feature: slope 2 times the sample std
        double slope = fit.weights()[0] / fit.scaler().scale()[0];
        assertEquals(2.0, slope, 1e-3);
        // logit = 2x = 2 (scale z + mean): the bias on standardized features is 2 * mean
        assertEquals(2 * fit.scaler().mean()[0], fit.weights()[1], 2e-3);
    }

    @Test
    void crossValidationPrefersStrongPenaltyOnPureNoise() {
        SplittableRandom rng = new SplittableRandom(11);
        int n = 300, d = 200;
        float[][] x = new float[n][d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            for (int j = 0; j < d; j++) x[i][j] = (float) rng.nextGaussian();
        }
        ProbeFit fit = LogisticProbe.fit(x, y, ProbeOptions.defaults());
        // labels carry no signal: every lambda scores about 0.5 and the CV accuracy cannot be far above chance
        assertTrue(fit.search().chosenAccuracy() < 0.6, "CV accuracy on noise " + fit.search().chosenAccuracy());
        assertEquals(6, fit.search().cvAccuracy().length);
    }

    @Test
    void foldsAreStratifiedAndSeeded() {
        boolean[] pos = new boolean[103];
        for (int i = 0; i < pos.length; i++) pos[i] = i % 3 == 0;
        int[] a = StratifiedFolds.assign(pos, 5, 9);
        int[] b = StratifiedFolds.assign(pos, 5, 9);
        assertEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(b));
        int[] size = new int[5];
        int[] positives = new int[5];
        for (int i = 0; i < pos.length; i++) {
            size[a[i]]++;
            if (pos[i]) positives[a[i]]++;
        }
        for (int f = 0; f < 5; f++) {
            assertTrue(size[f] == 20 || size[f] == 21, "fold size " + size[f]);
            assertTrue(positives[f] == 6 || positives[f] == 7, "positives " + positives[f]);
        }
    }

    @Test
    void rejectsBadInput() {
        float[][] x = {{1, 2}, {3, 4}, {5, 6}};
        // each refusal says what is wrong with which input, so a user can fix it
        assertEquals("probe: the training labels are all 1; a probe needs examples of both classes",
                assertThrows(IllegalArgumentException.class,
                        () -> LogisticProbe.fit(x, new int[] {1, 1, 1}, ProbeOptions.defaults().withLambda(1))).getMessage());
        assertEquals("probe: target 1 is 1.5, expected a label 0/1 or a probability in [0, 1]",
                assertThrows(IllegalArgumentException.class,
                        () -> LogisticProbe.fit(x, new double[] {0, 1.5, 1}, ProbeOptions.defaults().withLambda(1))).getMessage());
        assertEquals("probe: 3 feature rows but 2 targets",
                assertThrows(IllegalArgumentException.class,
                        () -> LogisticProbe.fit(x, new int[] {0, 1}, ProbeOptions.defaults().withLambda(1))).getMessage());
        assertEquals("probe: the label of row 2 is 2, expected 0 or 1",
                assertThrows(IllegalArgumentException.class,
                        () -> LogisticProbe.fit(x, new int[] {0, 1, 2}, ProbeOptions.defaults().withLambda(1))).getMessage());
        assertEquals("probe: row 1 has 1 features, expected 2",
                assertThrows(IllegalArgumentException.class, () -> LogisticProbe.fit(new float[][] {{1, 2}, {3}, {5, 6}},
                        new int[] {0, 1, 0}, ProbeOptions.defaults().withLambda(1))).getMessage());
    }

    @Test
    void objectiveGradientMatchesFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(2);
        int n = 700, d = 6; // 700 rows: three chunks, the last partial
        double[][] x = new double[n][d];
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) x[i][j] = rng.nextGaussian();
            t[i] = rng.nextDouble();
        }
        int[] rows = java.util.stream.IntStream.range(0, n).filter(i -> i % 7 != 3).toArray();
        for (boolean parallel : new boolean[] {false, true}) {
            LogisticObjective o = new LogisticObjective(x, t, rows, 2.5, parallel);
            double[] w = new double[d + 1];
            for (int j = 0; j <= d; j++) w[j] = rng.nextGaussian() * 0.5;
            double[] g = new double[d + 1];
            double fg = o.g(w, g);
            assertEquals(o.f(w), fg, 1e-9 * Math.abs(fg));
            for (int j = 0; j <= d; j++) {
                double h = 1e-5;
                double[] up = w.clone(), down = w.clone();
                up[j] += h;
                down[j] -= h;
                double numeric = (o.f(up) - o.f(down)) / (2 * h);
                // central differences: truncation ~h^2 and rounding ~1e-16 * f / h, both far below 1e-6
                assertEquals(numeric, g[j], 1e-6 * Math.max(1, Math.abs(numeric)), "d/dw" + j);
            }
        }
    }
}
