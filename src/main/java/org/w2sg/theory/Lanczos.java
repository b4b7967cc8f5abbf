package org.w2sg.theory;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.linear.EigenDecomposition;

/**
 * The top eigenpair of a symmetric positive semi-definite operator by Lanczos iteration with full
 * reorthogonalisation. Only matrix-vector products are needed, so a sample covariance X^T X / n is never formed;
 * the small tridiagonal Ritz problem goes to commons-math (Smile's eigen solvers need a native OpenBLAS, absent here).
 * With full reorthogonalisation the Krylov basis stays orthonormal, so the iteration is exact once the Krylov space
 * is invariant (at most rank + 1 steps) and otherwise stops when the Ritz residual is below tolerance.
 */
final class Lanczos {
    private Lanczos() {}

    interface SymmetricOperator {
        int dim();

        void apply(double[] in, double[] out);
    }

    record Eigenpair(double value, double[] vector, int iterations, double residual) {}

    private static final int CHECK_EVERY = 4;

    /**
     * @param start a non-zero start vector (a random one makes a zero overlap with the top eigenvector improbable)
     * @param relTol stop when ||A y - theta y|| <= relTol * theta
     */
    static Eigenpair top(SymmetricOperator op, double[] start, double relTol) {
        int n = op.dim();
        List<double[]> basis = new ArrayList<>();
        double[] alpha = new double[n];
        double[] beta = new double[n];
        double[] q = start.clone();
        scale(q, 1.0 / norm(q));
        double[] w = new double[n];
        double[] ritz = null;
        double theta = 0.0;
        double residual = Double.POSITIVE_INFINITY;
        int m = 0;
        while (m < n) {
            basis.add(q);
            op.apply(q, w);
            alpha[m] = dot(q, w);
            axpy(-alpha[m], q, w);
            if (m > 0) axpy(-beta[m - 1], basis.get(m - 1), w);
            // twice is enough: two classical Gram-Schmidt passes keep the basis orthogonal to working precision
            for (int pass = 0; pass < 2; pass++) {
                for (double[] b : basis) axpy(-dot(b, w), b, w);
            }
            beta[m] = norm(w);
            m++;
            boolean exhausted = m == n || beta[m - 1] <= 1e-13 * Math.max(Math.abs(alpha[0]), normEstimate(alpha, beta, m));
            if (exhausted || m % CHECK_EVERY == 0) {
                double[] main = java.util.Arrays.copyOf(alpha, m);
                double[] off = java.util.Arrays.copyOf(beta, m - 1);
                EigenDecomposition eig = new EigenDecomposition(main, off);
                double[] values = eig.getRealEigenvalues();
                int best = 0;
                for (int i = 1; i < m; i++) if (values[i] > values[best]) best = i;
                theta = values[best];
                ritz = eig.getEigenvector(best).toArray();
                residual = exhausted ? 0.0 : beta[m - 1] * Math.abs(ritz[m - 1]);
                if (exhausted || residual <= relTol * Math.abs(theta)) break;
            }
            q = w.clone();
            scale(q, 1.0 / beta[m - 1]);
        }
        double[] y = new double[n];
        for (int i = 0; i < m; i++) axpy(ritz[i], basis.get(i), y);
        scale(y, 1.0 / norm(y));
        return new Eigenpair(theta, y, m, residual);
    }

    private static double normEstimate(double[] alpha, double[] beta, int m) {
        double s = 0.0;
        for (int i = 0; i < m; i++) s = Math.max(s, Math.abs(alpha[i]) + (i > 0 ? beta[i - 1] : 0.0) + beta[i]);
        return s;
    }

    static double dot(double[] a, double[] b) {
        double s = 0.0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    static void axpy(double alpha, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) y[i] += alpha * x[i];
    }

    static void scale(double[] a, double s) {
        for (int i = 0; i < a.length; i++) a[i] *= s;
    }
}
