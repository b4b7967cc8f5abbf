package org.w2sg.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.junit.jupiter.api.Test;

/** Top-k Lanczos against commons-math's dense eigendecomposition of the explicitly formed centred covariance. */
class LanczosTest {
    static void check(int n, int d, int k, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] rows = new double[n * d];
        for (int i = 0; i < rows.length; i++) rows[i] = rng.nextGaussian() * (1 + (i % d) % 7);
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) mean[j] += rows[i * d + j] / n;
        double[][] cov = new double[d][d];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < d; p++) {
                for (int q = 0; q < d; q++) cov[p][q] += (rows[i * d + p] - mean[p]) * (rows[i * d + q] - mean[q]) / n;
            }
        }
        EigenDecomposition dense = new EigenDecomposition(new Array2DRowRealMatrix(cov));
        double[] want = dense.getRealEigenvalues().clone();
        Integer[] order = new Integer[d];
        for (int i = 0; i < d; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(want[b], want[a]));
        double[] start = new double[d];
        for (int j = 0; j < d; j++) start[j] = rng.nextGaussian();
        SampleCovariance op = new SampleCovariance(rows, n, d, mean);
        Lanczos.Eigenpairs got = Lanczos.top(op, k, start, 1e-10);
        double trace = 0;
        for (int j = 0; j < d; j++) trace += cov[j][j];
        assertEquals(trace, op.trace(), 1e-9 * trace);
        for (int i = 0; i < k; i++) {
            double w = want[order[i]];
            assertEquals(w, got.values()[i], 1e-8 * want[order[0]], "eigenvalue " + i + " (n=" + n + ", d=" + d + ")");
            if (w > 1e-8 * want[order[0]] && (i + 1 >= k || want[order[i]] - want[order[i + 1]] > 1e-3 * want[order[0]])) {
                double[] v = dense.getEigenvector(order[i]).toArray();
                assertEquals(1.0, Math.abs(Lanczos.dot(v, got.vectors()[i])), 1e-6, "eigenvector " + i);
            }
        }
    }

    @Test
    void topEigenpairsMatchTheDenseSolver() {
        check(100, 40, 8, 1);
    }

    /** 6 centred rows have rank 5 < k = 8: the Krylov space closes early and the rest of the top 8 are zeros. */
    @Test
    void rankDeficientCovarianceRestartsAndReturnsZeros() {
        check(6, 40, 8, 2);
    }

    /** The O(m^2) convergence check's eigenvalues and last eigenvector entries against commons-math's full solve. */
    @Test
    void ritzTailMatchesTheFullTridiagonalSolve() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int m : new int[] {1, 2, 7, 60}) {
            double[] alpha = new double[m];
            double[] beta = new double[Math.max(1, m - 1)];
            for (int i = 0; i < m; i++) alpha[i] = rng.nextGaussian() * 3;
            for (int i = 0; i < m - 1; i++) beta[i] = rng.nextDouble() + (i == 3 ? 0 : 0.1);
            RitzTail tail = RitzTail.of(alpha, beta, m);
            EigenDecomposition full = new EigenDecomposition(Arrays.copyOf(alpha, m), Arrays.copyOf(beta, m - 1));
            double[] vals = full.getRealEigenvalues();
            Integer[] order = new Integer[m];
            for (int i = 0; i < m; i++) order[i] = i;
            Arrays.sort(order, (a, b) -> Double.compare(vals[b], vals[a]));
            for (int i = 0; i < m; i++) {
                assertEquals(vals[order[i]], tail.values()[i], 1e-10, "value " + i + " of m=" + m);
                assertEquals(Math.abs(full.getEigenvector(order[i]).getEntry(m - 1)), Math.abs(tail.last()[i]), 1e-8,
                        "last entry " + i + " of m=" + m);
            }
        }
    }
}
