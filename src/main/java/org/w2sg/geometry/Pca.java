package org.w2sg.geometry;

import java.util.SplittableRandom;
import org.w2sg.linalg.Lanczos;
import org.w2sg.linalg.SampleCovariance;

/**
 * The top principal components of centred raw features: eigenpairs of the sample covariance (1/n) Xc^T Xc by
 * Lanczos, so a few thousand features cost matrix-vector products, never a d x d matrix.
 *
 * @param mean       column means of the rows the PCA was fitted on
 * @param values     the top eigenvalues of the sample covariance, descending
 * @param components unit eigenvectors (principal directions in raw feature coordinates), one per value
 * @param trace      the sum of all d eigenvalues (total variance)
 * @param rows       n, the number of rows fitted
 */
public record Pca(double[] mean, double[] values, double[][] components, double trace, int rows) {
    /**
     * Ritz residuals below this fraction of the top eigenvalue: an eigenvalue is then within 1e-6 of the top one (far
     * finer than the edge comparison needs), and a component off by at most 1e-6 / gap from its own eigenvalue.
     */
    private static final double TOLERANCE = 1e-6;

    public static Pca fit(float[][] x, int k, long seed) {
        int n = x.length;
        int d = x[0].length;
        double[] flat = new double[Math.multiplyExact(n, d)];
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                flat[i * d + j] = x[i][j];
                mean[j] += x[i][j];
            }
        }
        for (int j = 0; j < d; j++) mean[j] /= n;
        SampleCovariance cov = new SampleCovariance(flat, n, d, mean);
        int want = Math.max(1, Math.min(k, Math.min(d, n - 1)));
        SplittableRandom rng = new SplittableRandom(seed);
        double[] start = new double[d];
        for (int j = 0; j < d; j++) start[j] = rng.nextGaussian();
        Lanczos.Eigenpairs eig = Lanczos.top(cov, want, start, TOLERANCE);
        return new Pca(mean, eig.values(), eig.vectors(), cov.trace(), n);
    }

    public int dimension() {
        return mean.length;
    }

    public int computed() {
        return values.length;
    }

    /** Scores on the first k components: (x - mean) . pc_i. */
    public double[][] project(float[][] x, int k) {
        double[][] out = new double[x.length][k];
        for (int i = 0; i < x.length; i++) {
            for (int c = 0; c < k; c++) {
                double[] pc = components[c];
                double s = 0.0;
                for (int j = 0; j < pc.length; j++) s += (x[i][j] - mean[j]) * pc[j];
                out[i][c] = s;
            }
        }
        return out;
    }
}
