package org.w2sg.theory;

import java.util.SplittableRandom;
import org.w2sg.errors.UserException;

/**
 * The spiked-Gaussian single-index model with its weak supervisor.
 *
 * <p>Inputs x ~ N(0, I_d + lambda v v^T); target y = He_k(&lt;w*, x&gt;) + N(0, sigma^2) with &lt;v, w*&gt; = eta;
 * weak supervisor y_w = He_k(&lt;w_w, x&gt;) + xi(x) with &lt;w_w, w*&gt; = kappa and xi an opposite-parity error along
 * a direction u orthogonal to everything else.
 *
 * <p>Everything here (the Gaussian, a uniformly random start, PCA, the spherical SGD) is equivariant under
 * rotations, so the four special directions are taken as the first coordinates: v = e0, w* = eta e0 + sqrt(1 -
 * eta^2) e1, w_w = kappa w* + sqrt(1 - kappa^2) e2, u = e3. This changes no distribution and keeps each
 * projection O(1); the student itself still lives and moves in all d dimensions.
 */
public record SpikedModel(int d, double lambda, double eta, HermiteLink link, double sigma, double kappa, double tau) {
    /** Risks are polynomials of degree <= 8 in two Gaussians: 8 nodes per axis are exact (see GaussHermite2D). */
    private static final GaussHermite2D QUADRATURE = new GaussHermite2D(8);

    public SpikedModel {
        if (d < 4) throw new UserException("--d must be at least 4 (v, w*, the weak supervisor's direction and its error direction need four orthogonal directions), got " + d);
        if (!(lambda > 0) || Double.isInfinite(lambda)) throw new UserException("--lambda must be positive and finite, got " + lambda);
        if (!(Math.abs(eta) <= 1)) throw new UserException("--eta must satisfy |eta| <= 1 (it is the cosine <v, w*>), got " + eta);
        if (!(Math.abs(kappa) <= 1)) throw new UserException("--kappa must satisfy |kappa| <= 1 (it is the cosine <w_w, w*>), got " + kappa);
        if (!(sigma >= 0) || Double.isInfinite(sigma)) throw new UserException("--sigma must be >= 0 and finite, got " + sigma);
        if (!(tau >= 0) || Double.isInfinite(tau)) throw new UserException("--tau must be >= 0 and finite, got " + tau);
        if (link == null) throw new UserException("--link is required");
    }

    /** BBP threshold in samples: the spike is detectable by PCA once n_pre > d / lambda^2. */
    public double nStar() {
        return d / (lambda * lambda);
    }

    private double etaPerp() {
        return Math.sqrt(Math.max(0.0, 1.0 - eta * eta));
    }

    private double kappaPerp() {
        return Math.sqrt(Math.max(0.0, 1.0 - kappa * kappa));
    }

    /** Draws one input into x: standard normal, with the spike coordinate stretched to variance 1 + lambda. */
    public void sampleInput(SplittableRandom rng, double[] x) {
        x[0] = Math.sqrt(1.0 + lambda) * rng.nextGaussian();
        for (int j = 1; j < x.length; j++) x[j] = rng.nextGaussian();
    }

    /** &lt;w*, x&gt;. */
    public double targetIndex(double[] x) {
        return eta * x[0] + etaPerp() * x[1];
    }

    public double goldLabel(double[] x, SplittableRandom noise) {
        return link.value(targetIndex(x)) + sigma * noise.nextGaussian();
    }

    /**
     * The weak supervisor's label. Its error xi is deterministic in x (like a real small model's) and of opposite
     * parity to the link, so it is orthogonal to every f(&lt;w, x&gt;) and no student can fit it: E xi^2 = tau^2.
     */
    public double weakLabel(double[] x) {
        double weakIndex = kappa * targetIndex(x) + kappaPerp() * x[2];
        double z = x[3];
        double xi = link.isOdd() ? tau * (z * z - 1.0) / Math.sqrt(2.0) : tau * z;
        return link.value(weakIndex) + xi;
    }

    /** &lt;w, v&gt;. */
    public double spikeOverlap(double[] w) {
        return w[0];
    }

    /** &lt;w, w*&gt;. */
    public double targetOverlap(double[] w) {
        return eta * w[0] + etaPerp() * w[1];
    }

    /** The overlap a user reads: &lt;w, w*&gt;, or its absolute value for even links, which cannot see the sign. */
    public double reportedOverlap(double[] w) {
        double m = targetOverlap(w);
        return link.isOdd() ? m : Math.abs(m);
    }

    /** Test risk E(He_k(&lt;w, x&gt;) - He_k(&lt;w*, x&gt;))^2 of a unit vector w, against the noiseless truth. */
    public double risk(double[] w) {
        return riskAt(spikeOverlap(w), targetOverlap(w));
    }

    /**
     * Risk of a unit vector with &lt;w, v&gt; = mv and &lt;w, w*&gt; = mStar. Under the spiked covariance
     * Var&lt;w, x&gt; = 1 + lambda mv^2, Var&lt;w*, x&gt; = 1 + lambda eta^2 and Cov = mStar + lambda mv eta.
     */
    public double riskAt(double mv, double mStar) {
        double varA = 1.0 + lambda * mv * mv;
        double varB = 1.0 + lambda * eta * eta;
        double cov = mStar + lambda * mv * eta;
        return QUADRATURE.expect(varA, varB, cov, (a, b) -> {
            double diff = link.value(a) - link.value(b);
            return diff * diff;
        });
    }

    /** R(w_w): where training on the weak labels saturates, since xi is invisible to the student. */
    public double saturationRisk() {
        return riskAt(kappa * eta, kappa);
    }

    /** The weak supervisor's own risk against the truth: R(w_w) + tau^2 (xi is uncorrelated with every He_k term). */
    public double weakRisk() {
        return saturationRisk() + tau * tau;
    }
}
