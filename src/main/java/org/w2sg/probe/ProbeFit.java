package org.w2sg.probe;

/**
 * A fitted linear probe: the training half's standardizer, then {@code p(y=1|x) = sigmoid(w . z(x) + b)}.
 *
 * @param weights the p coefficients on standardized features followed by the bias (Smile's layout)
 * @param lambda  the regularisation used for the final fit
 * @param search  the CV that chose lambda, or null when lambda was given
 * @param solver  which route fitted it: Smile's classifier (hard labels) or the soft-target objective
 * @param trainLoss the final objective value (summed cross-entropy + penalty)
 */
public record ProbeFit(Standardizer scaler, double[] weights, double lambda, LambdaSearch search, Solver solver,
                       double trainLoss) {

    public enum Solver {
        /** {@code smile.classification.LogisticRegression.binomial} on 0/1 labels */
        SMILE_LOGISTIC_REGRESSION,
        /** our soft-target cross-entropy minimised by Smile's L-BFGS */
        SOFT_TARGET_LBFGS,
        /** no fit: every training label was the same class, so the probe predicts that class everywhere */
        CONSTANT
    }

    /**
     * What a logistic probe with an intercept converges to on hard labels of a single class: that class everywhere
     * (the bias runs to infinity; there is no boundary to learn). Its lambda is undefined (NaN).
     */
    public static ProbeFit constant(Standardizer scaler, int label) {
        if (label != 0 && label != 1) throw new IllegalArgumentException("probe: label " + label + ", expected 0 or 1");
        double[] w = new double[scaler.dimension() + 1];
        w[w.length - 1] = label == 1 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        return new ProbeFit(scaler, w, Double.NaN, null, Solver.CONSTANT, 0);
    }

    public int dimension() {
        return scaler.dimension();
    }

    public double predictProba(float[] x) {
        if (x.length != dimension()) {
            throw new IllegalArgumentException("probe: input has " + x.length + " features, the probe was fitted on "
                    + dimension());
        }
        double[] mean = scaler.mean();
        double[] scale = scaler.scale();
        double z = weights[weights.length - 1];
        for (int j = 0; j < x.length; j++) z += weights[j] * ((x[j] - mean[j]) / scale[j]);
        return sigmoid(z);
    }

    public double predictProba(double[] x) {
        if (x.length != dimension()) {
            throw new IllegalArgumentException("probe: input has " + x.length + " features, the probe was fitted on "
                    + dimension());
        }
        double[] mean = scaler.mean();
        double[] scale = scaler.scale();
        double z = weights[weights.length - 1];
        for (int j = 0; j < x.length; j++) z += weights[j] * ((x[j] - mean[j]) / scale[j]);
        return sigmoid(z);
    }

    public double[] predictProba(float[][] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) out[i] = predictProba(x[i]);
        return out;
    }

    public double[] predictProba(double[][] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) out[i] = predictProba(x[i]);
        return out;
    }

    public static double sigmoid(double z) {
        return z >= 0 ? 1.0 / (1.0 + Math.exp(-z)) : Math.exp(z) / (1.0 + Math.exp(z));
    }
}
