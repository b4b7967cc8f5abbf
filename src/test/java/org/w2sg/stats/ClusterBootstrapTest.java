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
}
