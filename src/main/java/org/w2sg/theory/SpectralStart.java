package org.w2sg.theory;

import java.util.SplittableRandom;
import org.w2sg.linalg.Lanczos;
import org.w2sg.linalg.SampleCovariance;

/**
 * Pre-training as PCA: the warm start is the top eigenvector of the (uncentred: the mean is known to be 0) sample
 * covariance of n_pre unlabeled inputs. Its sign is arbitrary; for odd links it is fixed with a few labels.
 */
final class SpectralStart {
    /** Labeled samples spent on the sign of the warm start ("~128" in the model's description). */
    static final int SIGN_SAMPLES = 128;

    private SpectralStart() {}

    /** The top eigenvector of (1/n) sum_i x_i x_i^T over n freshly drawn inputs. */
    static double[] topEigenvector(SpikedModel model, int nPre, SplittableRandom rng) {
        int d = model.d();
        double[] rows = new double[Math.multiplyExact(nPre, d)];
        double[] x = new double[d];
        for (int i = 0; i < nPre; i++) {
            model.sampleInput(rng, x);
            System.arraycopy(x, 0, rows, i * d, d);
        }
        double[] start = new double[d];
        for (int j = 0; j < d; j++) start[j] = rng.nextGaussian();
        // uncentred: the inputs have a known zero mean
        Lanczos.SymmetricOperator covariance = new SampleCovariance(rows, nPre, d, null);
        return Lanczos.top(covariance, start, 1e-10).vector();
    }

    /**
     * Orients the warm start so that it correlates positively with the labels the student will train on:
     * sign of sum_i y_i &lt;vhat, x_i&gt;. For He_3 this works because Var&lt;w*, x&gt; = 1 + lambda eta^2 > 1 gives
     * the link a first-order component along the spike. Even links need no sign: the start is returned as is.
     *
     * @return the number of labeled samples spent (0 for even links)
     */
    static int fixSign(double[] start, SpikedModel model, Supervision labels, SplittableRandom inputs, SplittableRandom noise) {
        if (!model.link().isOdd()) return 0;
        double[] x = new double[model.d()];
        double s = 0.0;
        for (int i = 0; i < SIGN_SAMPLES; i++) {
            model.sampleInput(inputs, x);
            double y = labels == Supervision.GOLD ? model.goldLabel(x, noise) : model.weakLabel(x);
            s += y * Lanczos.dot(start, x);
        }
        if (s < 0) Lanczos.scale(start, -1.0);
        return SIGN_SAMPLES;
    }
}
