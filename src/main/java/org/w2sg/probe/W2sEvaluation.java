package org.w2sg.probe;

/**
 * Steps 2-4 of the protocol for one strong checkpoint and layer: a ceiling probe on B with gold labels, a w2s probe
 * on B with the weak supervisor's labels, both scored on T against gold, with the paired bootstrap and PGR.
 */
public final class W2sEvaluation {
    private W2sEvaluation() {}

    /**
     * @param ceiling    probe trained on B's gold labels
     * @param w2s        probe trained on the weak supervisor's labels of B
     * @param w2sTestProba the w2s probe's P(y=1) on T (e.g. to measure agreement with the supervisor)
     */
    public record Outcome(W2sMetrics metrics, ProbeFit ceiling, ProbeFit w2s, double[] ceilingTestProba,
                          double[] w2sTestProba) {}

    public static Outcome evaluate(float[][] strongB, int[] goldB, float[][] strongT, int[] goldT,
                                   WeakPredictions weak, LabelKind kind, ProbeOptions probe, BootstrapOptions boot) {
        if (weak.transfer().length != strongB.length) {
            throw new IllegalArgumentException("w2s: the weak supervisor labelled " + weak.transfer().length
                    + " transfer rows but the strong model has " + strongB.length);
        }
        if (weak.test().length != strongT.length || goldT.length != strongT.length) {
            throw new IllegalArgumentException("w2s: test set sizes differ: weak " + weak.test().length + ", strong "
                    + strongT.length + ", gold " + goldT.length);
        }
        ProbeFit ceiling = LogisticProbe.fit(strongB, goldB, probe);
        ProbeFit w2s = LogisticProbe.fit(strongB, kind.targets(weak.transfer()), probe);
        double[] ceilingT = ceiling.predictProba(strongT);
        double[] w2sT = w2s.predictProba(strongT);
        W2sMetrics metrics = PairedBootstrap.evaluate(weak.test(), ceilingT, w2sT, goldT, boot);
        return new Outcome(metrics, ceiling, w2s, ceilingT, w2sT);
    }

    /** Fraction of test rows where the w2s probe and the weak supervisor give the same hard label. */
    public static double agreement(double[] a, double[] b) {
        Metrics.checkLengths(a.length, b.length);
        long same = 0;
        for (int i = 0; i < a.length; i++) if ((a[i] > 0.5) == (b[i] > 0.5)) same++;
        return (double) same / a.length;
    }
}
