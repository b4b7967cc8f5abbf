package org.w2sg.linalg;

/**
 * The operator v -> (1/n) Xc^T Xc v of n rows of dimension d (row-major in one array), with Xc = X - 1 mean^T, applied
 * in two passes over the rows so the d x d matrix is never formed (n d work per product instead of d^2 memory).
 *
 * @param mean the column means to subtract, or null for the uncentred second moment (a known zero mean)
 */
public record SampleCovariance(double[] rows, int n, int d, double[] mean) implements Lanczos.SymmetricOperator {
    public SampleCovariance {
        if (rows.length != (long) n * d) throw new IllegalArgumentException("covariance: " + rows.length + " values for " + n + " x " + d);
        if (mean != null && mean.length != d) throw new IllegalArgumentException("covariance: mean of length " + mean.length + ", d = " + d);
    }

    @Override
    public int dim() {
        return d;
    }

    @Override
    public void apply(double[] in, double[] out) {
        java.util.Arrays.fill(out, 0.0);
        double shift = mean == null ? 0.0 : Lanczos.dot(mean, in);
        double total = 0.0;
        for (int i = 0; i < n; i++) {
            int off = i * d;
            double t = (Lanczos.dot(rows, off, in, d) - shift) / n;
            total += t;
            for (int j = 0; j < d; j++) out[j] += t * rows[off + j];
        }
        if (mean != null) Lanczos.axpy(-total, mean, out);
    }

    /** trace((1/n) Xc^T Xc): the sum of all d eigenvalues, from one pass. */
    public double trace() {
        double s = 0.0;
        for (int i = 0; i < n; i++) {
            int off = i * d;
            for (int j = 0; j < d; j++) {
                double v = rows[off + j] - (mean == null ? 0.0 : mean[j]);
                s += v * v;
            }
        }
        return s / n;
    }
}
