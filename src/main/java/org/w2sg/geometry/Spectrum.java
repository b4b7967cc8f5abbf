package org.w2sg.geometry;

/**
 * The top of a sample covariance spectrum against the Marchenko-Pastur bulk of pure noise of the same shape.
 *
 * <p>For n centred rows of dimension d with isotropic noise of variance s2, the eigenvalues of (1/n) Xc^T Xc fill the
 * bulk up to the edge s2 (sqrt(n-1) + sqrt(d))^2 / n; the largest bulk eigenvalue fluctuates above and below it on
 * Johnstone's (2001) Tracy-Widom scale. An eigenvalue counts as an outlier when it exceeds the edge by more than the
 * 99% quantile of that fluctuation (TW1 = 2.02), so pure noise shows an outlier asymptotically 1% of the time rather
 * than the ~17% of a bare edge comparison (the finite-sample rate with an estimated s2 is not simulated here). s2 is the mean of the eigenvalues that are not outliers (total variance minus the
 * outliers, over the remaining dimensions), found by iterating the count to a fixed point.
 *
 * @param values           the top eigenvalues computed, descending
 * @param bulkVariance     s2
 * @param edge             the asymptotic Marchenko-Pastur edge for this shape and s2
 * @param threshold        edge plus the 99% Tracy-Widom fluctuation: what an outlier must exceed
 * @param outliers         eigenvalues above the threshold
 * @param saturated        every computed eigenvalue is an outlier, so the true count may be larger
 */
public record Spectrum(double[] values, double bulkVariance, double edge, double threshold, int outliers,
                       boolean saturated) {
    /** 99% quantile of the Tracy-Widom (beta = 1) law. */
    static final double TW1_Q99 = 2.02;

    public static Spectrum of(Pca pca) {
        return of(pca.values(), pca.trace(), pca.rows(), pca.dimension());
    }

    static Spectrum of(double[] values, double trace, int n, int d) {
        int nEff = Math.max(1, n - 1); // centring spends one degree of freedom
        double root = Math.sqrt(Math.max(1, nEff - 1)) + Math.sqrt(d);
        double mu = root * root;
        double sigma = root * Math.cbrt(1.0 / Math.sqrt(Math.max(1, nEff - 1)) + 1.0 / Math.sqrt(d));
        double asymptotic = Math.pow(Math.sqrt(nEff) + Math.sqrt(d), 2);
        int k = 0;
        double s2 = 0.0;
        for (int iter = 0; iter < 100; iter++) {
            double removed = 0.0;
            for (int i = 0; i < k; i++) removed += values[i];
            // E trace = s2 * d * nEff / n for pure noise
            s2 = Math.max(0.0, trace - removed) * n / ((double) nEff * Math.max(1, d - k));
            double threshold = s2 * (mu + TW1_Q99 * sigma) / n;
            int next = 0;
            while (next < values.length && values[next] > threshold) next++;
            if (next == k) break;
            k = next;
        }
        double threshold = s2 * (mu + TW1_Q99 * sigma) / n;
        double edge = s2 * asymptotic / n;
        return new Spectrum(values.clone(), s2, edge, threshold, k, k == values.length && k > 0);
    }

    public double top() {
        return values[0];
    }

    /** Top eigenvalue over the edge: above 1 means the leading direction stands out of the noise bulk. */
    public double topOverEdge() {
        return edge > 0 ? values[0] / edge : Double.NaN;
    }
}
