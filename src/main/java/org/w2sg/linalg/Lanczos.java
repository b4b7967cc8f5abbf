package org.w2sg.linalg;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.linear.EigenDecomposition;

/**
 * The top eigenpairs of a symmetric positive semi-definite operator by Lanczos iteration with full
 * reorthogonalisation. Only matrix-vector products are needed, so a sample covariance X^T X / n is never formed;
 * the small tridiagonal Ritz problem goes to commons-math (Smile's eigen solvers need a native OpenBLAS, absent here).
 * With full reorthogonalisation the Krylov basis stays orthonormal, so the iteration is exact once the Krylov space
 * is invariant (at most rank + 1 steps) and otherwise stops when every wanted Ritz residual is below tolerance.
 * Shared by the synthetic theory (its spectral warm start) and the geometry metrics of real activations.
 */
public final class Lanczos {
    private Lanczos() {}

    public interface SymmetricOperator {
        int dim();

        void apply(double[] in, double[] out);
    }

    public record Eigenpair(double value, double[] vector, int iterations, double residual) {}

    /**
     * The k largest eigenpairs, largest first.
     *
     * @param values     eigenvalues, descending
     * @param vectors    unit eigenvectors, one per value
     * @param iterations Lanczos steps (operator applications) taken
     * @param residuals  ||A y - theta y|| of each pair (0 once the Krylov space is invariant)
     */
    public record Eigenpairs(double[] values, double[][] vectors, int iterations, double[] residuals) {}

    private static final int CHECK_EVERY = 4;

    /**
     * @param start a non-zero start vector (a random one makes a zero overlap with the top eigenvector improbable)
     * @param relTol stop when ||A y - theta y|| <= relTol * theta
     */
    public static Eigenpair top(SymmetricOperator op, double[] start, double relTol) {
        Eigenpairs p = top(op, 1, start, relTol);
        return new Eigenpair(p.values()[0], p.vectors()[0], p.iterations(), p.residuals()[0]);
    }

    /**
     * The k largest eigenpairs. Converged when each of the k Ritz residuals is at most {@code relTol} times the largest
     * Ritz value (an absolute scale: small eigenvalues of a covariance need no more relative accuracy than that).
     */
    public static Eigenpairs top(SymmetricOperator op, int k, double[] start, double relTol) {
        int n = op.dim();
        if (k < 1 || k > n) throw new IllegalArgumentException("lanczos: k = " + k + " outside 1.." + n);
        List<double[]> basis = new ArrayList<>();
        double[] alpha = new double[n];
        double[] beta = new double[n];
        double[] q = start.clone();
        double q0 = norm(q);
        if (!(q0 > 0)) throw new IllegalArgumentException("lanczos: the start vector is zero");
        scale(q, 1.0 / q0);
        double[] w = new double[n];
        double[] residual = new double[k];
        int m = 0;
        int nextCheck = Math.max(k, CHECK_EVERY);
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
            if (exhausted && m < k) {
                // an invariant Krylov space smaller than k (a rank-deficient operator): continue from a direction
                // orthogonal to it; the tridiagonal matrix decouples there (beta = 0)
                beta[m - 1] = 0.0;
                q = orthogonalUnit(basis, n);
                continue;
            }
            // a check needs the Ritz values and only the last entry of each Ritz vector (the residual is
            // beta_m |s_m|): an O(m^2) QL pass (RitzTail), so it can run every few steps; the full O(m^3) Ritz
            // solve runs once, for the vectors
            if (m >= k && (exhausted || m == nextCheck)) {
                nextCheck = m + CHECK_EVERY;
                boolean converged = exhausted;
                if (!exhausted) {
                    RitzTail tail = RitzTail.of(alpha, beta, m);
                    double scaleRef = Math.abs(tail.values()[0]);
                    converged = true;
                    for (int i = 0; i < k; i++) {
                        residual[i] = beta[m - 1] * Math.abs(tail.last()[i]);
                        if (residual[i] > relTol * scaleRef) converged = false;
                    }
                }
                if (converged) {
                    if (exhausted) Arrays.fill(residual, 0.0);
                    break;
                }
            }
            q = w.clone();
            scale(q, 1.0 / beta[m - 1]);
        }
        EigenDecomposition eig = new EigenDecomposition(Arrays.copyOf(alpha, m), Arrays.copyOf(beta, m - 1));
        double[] all = eig.getRealEigenvalues();
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(all[b], all[a]));
        double[] values = new double[k];
        double[][] vectors = new double[k][];
        for (int i = 0; i < k; i++) {
            values[i] = all[order[i]];
            double[] s = eig.getEigenvector(order[i]).toArray();
            double[] y = new double[n];
            for (int j = 0; j < m; j++) axpy(s[j], basis.get(j), y);
            scale(y, 1.0 / norm(y));
            vectors[i] = y;
        }
        return new Eigenpairs(values, vectors, m, residual.clone());
    }

    /** The coordinate direction that keeps most of its norm once orthogonalised against the basis. */
    private static double[] orthogonalUnit(List<double[]> basis, int n) {
        double[] best = null;
        double bestLen = 0.0;
        for (int j = 0; j < n && bestLen < 0.5; j++) {
            double[] e = new double[n];
            e[j] = 1.0;
            for (int pass = 0; pass < 2; pass++) {
                for (double[] b : basis) axpy(-dot(b, e), b, e);
            }
            double len = norm(e);
            if (len > bestLen) {
                best = e;
                bestLen = len;
            }
        }
        scale(best, 1.0 / bestLen);
        return best;
    }

    private static double normEstimate(double[] alpha, double[] beta, int m) {
        double s = 0.0;
        for (int i = 0; i < m; i++) s = Math.max(s, Math.abs(alpha[i]) + (i > 0 ? beta[i - 1] : 0.0) + beta[i]);
        return s;
    }

    public static double dot(double[] a, double[] b) {
        return dot(a, 0, b, a.length);
    }

    /** a[off .. off + len) . b[0 .. len), with four partial sums (the JIT vectorizes no single-sum reduction). */
    public static double dot(double[] a, int off, double[] b, int len) {
        double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
        int j = 0;
        for (; j + 3 < len; j += 4) {
            s0 += a[off + j] * b[j];
            s1 += a[off + j + 1] * b[j + 1];
            s2 += a[off + j + 2] * b[j + 2];
            s3 += a[off + j + 3] * b[j + 3];
        }
        for (; j < len; j++) s0 += a[off + j] * b[j];
        return (s0 + s1) + (s2 + s3);
    }

    public static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    public static void axpy(double alpha, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) y[i] += alpha * x[i];
    }

    public static void scale(double[] a, double s) {
        for (int i = 0; i < a.length; i++) a[i] *= s;
    }
}
