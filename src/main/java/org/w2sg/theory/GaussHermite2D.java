package org.w2sg.theory;

import java.util.function.DoubleBinaryOperator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;
import org.apache.commons.math3.analysis.integration.gauss.SymmetricGaussIntegrator;

/**
 * Expectations of f(a, b) for a centred bivariate Gaussian (a, b) by a tensor Gauss-Hermite rule. With n nodes per
 * axis it is exact for polynomials of degree up to 2n - 1 in each whitened coordinate, which covers every risk of
 * the Hermite links here (degree 2k <= 8), so the "quadrature" is the closed form, evaluated without algebra.
 */
final class GaussHermite2D {
    private final double[] nodes;
    private final double[] weights;

    GaussHermite2D(int n) {
        // commons-math's rule integrates against exp(-x^2); z = sqrt(2) x and w / sqrt(pi) turn it into E over N(0,1)
        SymmetricGaussIntegrator rule = new GaussIntegratorFactory().hermite(n);
        nodes = new double[n];
        weights = new double[n];
        for (int i = 0; i < n; i++) {
            nodes[i] = Math.sqrt(2.0) * rule.getPoint(i);
            weights[i] = rule.getWeight(i) / Math.sqrt(Math.PI);
        }
    }

    /** E f(a, b) with Var a = varA, Var b = varB, Cov(a, b) = cov. */
    double expect(double varA, double varB, double cov, DoubleBinaryOperator f) {
        if (!(varA > 0) || !(varB > 0)) throw new IllegalArgumentException("variances must be positive: " + varA + ", " + varB);
        // Cholesky of the 2x2 covariance: a = sa z1, b = c z1 + r z2
        double sa = Math.sqrt(varA);
        double c = cov / sa;
        double r = Math.sqrt(Math.max(0.0, varB - c * c)); // rounding can make a rank-one covariance slightly negative
        double sum = 0.0;
        for (int i = 0; i < nodes.length; i++) {
            double a = sa * nodes[i];
            double inner = 0.0;
            for (int j = 0; j < nodes.length; j++) {
                inner += weights[j] * f.applyAsDouble(a, c * nodes[i] + r * nodes[j]);
            }
            sum += weights[i] * inner;
        }
        return sum;
    }
}
