package org.w2sg.linalg;

import java.util.Arrays;

/**
 * The eigenvalues of a symmetric tridiagonal matrix and the last entry of each unit eigenvector, by the implicit QL
 * iteration (EISPACK's tql2, as in JAMA) with the Givens rotations applied to the last row of the eigenvector matrix
 * only: O(m^2) instead of O(m^3) (the same trick as ARPACK's dstqrb). That is all a Lanczos convergence check needs,
 * since the Ritz residual of pair i is beta_m |s_i[m-1]|.
 *
 * @param values eigenvalues, descending
 * @param last   the last entry of the eigenvector of each value (its sign is arbitrary)
 */
record RitzTail(double[] values, double[] last) {
    /** @param alpha the diagonal (first m used), @param beta the off-diagonal (first m - 1 used) */
    static RitzTail of(double[] alpha, double[] beta, int m) {
        double[] d = Arrays.copyOf(alpha, m);
        double[] e = new double[m];
        System.arraycopy(beta, 0, e, 0, m - 1);
        double[] z = new double[m]; // the last row of the accumulated rotations, starting from the identity's
        z[m - 1] = 1.0;
        double f = 0.0, tst1 = 0.0, eps = Math.ulp(1.0);
        for (int l = 0; l < m; l++) {
            tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
            int mm = l;
            while (mm < m && Math.abs(e[mm]) > eps * tst1) mm++;
            if (mm == m) mm = m - 1; // e[m - 1] is 0: the loop above stops there
            if (mm > l) {
                int iter = 0;
                do {
                    if (++iter > 60) throw new ArithmeticException("ritz: QL did not converge (non-finite input?)");
                    double g = d[l];
                    double p = (d[l + 1] - g) / (2.0 * e[l]);
                    double r = Math.hypot(p, 1.0);
                    if (p < 0) r = -r;
                    d[l] = e[l] / (p + r);
                    d[l + 1] = e[l] * (p + r);
                    double dl1 = d[l + 1];
                    double h = g - d[l];
                    for (int i = l + 2; i < m; i++) d[i] -= h;
                    f += h;
                    p = d[mm];
                    double c = 1.0, c2 = c, c3 = c, s = 0.0, s2 = 0.0;
                    double el1 = e[l + 1];
                    for (int i = mm - 1; i >= l; i--) {
                        c3 = c2;
                        c2 = c;
                        s2 = s;
                        g = c * e[i];
                        h = c * p;
                        r = Math.hypot(p, e[i]);
                        e[i + 1] = s * r;
                        s = e[i] / r;
                        c = p / r;
                        p = c * d[i] - s * g;
                        d[i + 1] = h + s * (c * g + s * d[i]);
                        h = z[i + 1];
                        z[i + 1] = s * z[i] + c * h;
                        z[i] = c * z[i] - s * h;
                    }
                    p = -s * s2 * c3 * el1 * e[l] / dl1;
                    e[l] = s * p;
                    d[l] = c * p;
                } while (Math.abs(e[l]) > eps * tst1);
            }
            d[l] += f;
            e[l] = 0.0;
        }
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(d[b], d[a]));
        double[] values = new double[m];
        double[] last = new double[m];
        for (int i = 0; i < m; i++) {
            values[i] = d[order[i]];
            last[i] = z[order[i]];
        }
        return new RitzTail(values, last);
    }
}
