package org.w2sg.theory;

/** The Baik-Ben Arous-Peche transition of the top sample eigenvector under a rank-one spike. */
public final class Bbp {
    private Bbp() {}

    /**
     * Limit of &lt;vhat, v&gt;^2 as d, n -> infinity with gamma = d / n: (1 - gamma/lambda^2) / (1 + gamma/lambda)
     * above the threshold lambda > sqrt(gamma), and 0 below it.
     */
    public static double overlapSq(double gamma, double lambda) {
        if (lambda * lambda <= gamma) return 0.0;
        return (1.0 - gamma / (lambda * lambda)) / (1.0 + gamma / lambda);
    }
}
