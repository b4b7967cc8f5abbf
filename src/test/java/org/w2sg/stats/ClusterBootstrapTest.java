package org.w2sg.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import smile.stat.distribution.TDistribution;

class ClusterBootstrapTest {
    /** One step, seeds with the given ceiling values and test-set SE; weak and w2s fixed. */
    static SeedCurves oneStep(double[] ceiling, double se) {
        int n = ceiling.length;
        double[] weak = new double[n], w2s = new double[n], ses = new double[n];
        java.util.Arrays.fill(weak, 0.7);
        java.util.Arrays.fill(w2s, 0.75);
        java.util.Arrays.fill(ses, se);
        return new SeedCurves(new long[] {1000}, new double[] {2e9}, new double[][] {weak}, new double[][] {ceiling},
                new double[][] {w2s}, new double[][] {ses}, new double[][] {ses}, new double[][] {ses},
                new double[][] {ses});
    }

    @Test
    void withoutTestNoiseTheSeedMeanIntervalIsStudentT() {
        // closed form: mean 0.82, sd 0.02, t(0.975, 2) = 4.3027 (tables): half-width 4.3027 * 0.02 / sqrt(3)
        var d = ClusterBootstrap.draw(oneStep(new double[] {0.80, 0.82, 0.84}, 0), 200_000, 3);
        Interval ci = Interval.percentile(d.column(1, 0), 0.95);
        double half = new TDistribution(2).quantile(0.975) * 0.02 / Math.sqrt(3);
        assertEquals(4.302652729749464, new TDistribution(2).quantile(0.975), 1e-9);
        assertEquals(0.82, d.point()[1][0], 1e-12);
        // t(2) has heavy tails: the 2.5% quantile of 200,000 draws has a Monte-Carlo SE of 0.8%
        assertEquals(0.82 - half, ci.low(), 0.035 * half);
        assertEquals(0.82 + half, ci.high(), 0.035 * half);
    }

    @Test
    void oneSeedCoversTestSetNoiseOnlyAsANormalInterval() {
        var d = ClusterBootstrap.draw(oneStep(new double[] {0.82}, 0.01), 40_000, 5);
        Interval ci = Interval.percentile(d.column(1, 0), 0.95);
        assertEquals(0.82 - 1.96 * 0.01, ci.low(), 0.0006);
        assertEquals(0.82 + 1.96 * 0.01, ci.high(), 0.0006);
    }

    @Test
    void lessDataNeverGivesANarrowerInterval() {
        // three seeds that agree closely, then only one of them: the interval must not shrink
        double three = width(new double[] {0.820, 0.821, 0.822});
        double two = width(new double[] {0.820, 0.821});
        double one = width(new double[] {0.821});
        assertTrue(one >= 0.98 * three && two >= 0.98 * three, one + " " + two + " " + three);
    }

    private static double width(double[] ceiling) {
        var d = ClusterBootstrap.draw(oneStep(ceiling, 0.01), 20_000, 9);
        Interval ci = Interval.percentile(d.column(1, 0), 0.95);
        return ci.high() - ci.low();
    }

    @Test
    void sharedTestRowsWithoutSeedSpreadGiveTheRowBootstrapInterval() {
        // three seeds right on exactly the same 700 of 856 rows: no seed spread, no seed-by-row interaction, so the
        // interval is the test rows' alone: p +- 1.96 sqrt(p (1 - p) / (n - 1))
        int n = 856;
        boolean[] same = new boolean[n];
        for (int t = 0; t < 700; t++) same[t * 856 / 700] = true;
        double p = 700.0 / n;
        double[] v = {p, p, p}, se = {0.01, 0.01, 0.01};
        boolean[][][][] rows = new boolean[3][1][3][];
        for (int k = 0; k < 3; k++) for (int s = 0; s < 3; s++) rows[k][0][s] = same;
        var c = new SeedCurves(new long[] {1000}, new double[] {2e9}, new double[][] {v}, new double[][] {v},
                new double[][] {v}, new double[][] {se}, new double[][] {se}, new double[][] {se}, new double[][] {se},
                rows);
        assertEquals(n, c.testRows());
        var d = ClusterBootstrap.draw(c, 40_000, 4);
        Interval ci = Interval.percentile(d.column(1, 0), 0.95);
        double half = 1.959963984540054 * Math.sqrt(p * (1 - p) / (n - 1));
        assertEquals(p - half, ci.low(), 0.03 * half);
        assertEquals(p + half, ci.high(), 0.03 * half);
        // and the three scores, right on the same rows, move together: their difference has no test noise
        double[] diff = new double[d.resamples()];
        for (int b = 0; b < diff.length; b++) diff[b] = d.draws()[b][2][0] - d.draws()[b][0][0];
        Interval g = Interval.percentile(diff, 0.95);
        assertEquals(0, g.high() - g.low(), 1e-9);
    }

    @Test
    void seedByRowDisagreementIsCountedOnceNotTwice() {
        // seeds with equal accuracy that are right on different rows: the seeds' spread is 0 and the rows' spread of
        // the seed average holds only the interaction, which the correction removes: no test-row term is left beyond
        // what the row main effect (here none: every row is right for exactly 2 of 3 seeds) gives
        int n = 900;
        boolean[][] seeds = new boolean[3][n];
        for (int t = 0; t < n; t++) for (int s = 0; s < 3; s++) seeds[s][t] = t % 3 != s;
        double p = 2.0 / 3;
        double[] v = {p, p, p}, se = {0.01, 0.01, 0.01};
        boolean[][][][] rows = new boolean[3][1][][];
        for (int k = 0; k < 3; k++) rows[k][0] = seeds;
        var c = new SeedCurves(new long[] {1000}, new double[] {2e9}, new double[][] {v}, new double[][] {v},
                new double[][] {v}, new double[][] {se}, new double[][] {se}, new double[][] {se}, new double[][] {se},
                rows);
        var d = ClusterBootstrap.draw(c, 2_000, 4);
        Interval ci = Interval.percentile(d.column(1, 0), 0.95);
        assertEquals(0, ci.high() - ci.low(), 1e-9, "row averages are all 2/3: the interaction is all there is");
    }
}
