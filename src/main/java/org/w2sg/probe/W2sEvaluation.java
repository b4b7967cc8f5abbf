package org.w2sg.probe;

import java.util.LinkedHashMap;
import java.util.OptionalInt;

/**
 * Steps 2-4 of the protocol for one strong checkpoint, layer and seed: a ceiling probe on B with gold labels, a w2s
 * probe on B with the weak supervisor's labels, both scored on T against gold, with the paired bootstrap and PGR; and
 * the names ({@link MetricNames}) under which a unit records each number.
 */
public final class W2sEvaluation {
    private W2sEvaluation() {}

    /** Flag on the w2s, gain and PGR numbers when the w2s probe is {@link ProbeFit#constant}. */
    static final String W2S_CONSTANT = "w2s_constant";

    /**
     * @param ceiling      probe trained on B's gold labels
     * @param w2s          probe trained on the weak supervisor's labels of B ({@link ProbeFit.Solver#CONSTANT} when
     *                     hard labels were all one class)
     * @param w2sTestProba the w2s probe's P(y=1) on T (e.g. to measure agreement with the supervisor)
     * @param weakLabelAcc accuracy of the weak labels of B against gold
     * @param weakTestProba the weak supervisor's P(y=1) on T
     * @param testGold     T's gold labels
     * @param lambdaPath   both probes' test accuracy at every grid lambda
     */
    public record Outcome(W2sMetrics metrics, ProbeFit ceiling, ProbeFit w2s, double[] ceilingTestProba,
                          double[] w2sTestProba, double weakLabelAcc, double[] weakTestProba, int[] testGold,
                          LambdaPath lambdaPath) {
        /** Per test row, whether the weak supervisor (0), the ceiling probe (1) and the w2s probe (2) were right. */
        public boolean[][] testCorrect() {
            double[][] proba = {weakTestProba, ceilingTestProba, w2sTestProba};
            boolean[][] c = new boolean[3][testGold.length];
            for (int k = 0; k < 3; k++) {
                for (int i = 0; i < testGold.length; i++) c[k][i] = (proba[k][i] > 0.5) == (testGold[i] == 1);
            }
            return c;
        }

        /**
         * Imitation (Burns et al. 2023): how often the w2s probe gives the weak supervisor's hard label on T, and of
         * the T rows the supervisor gets wrong, the share the w2s probe gets wrong too (on a binary task, the same
         * way). Wilson 95% intervals over T's rows (conditional on the probes).
         */
        public LinkedHashMap<String, Estimate> imitation() {
            LinkedHashMap<String, Estimate> out = new LinkedHashMap<>();
            int n = testGold.length;
            int same = (int) Math.round(agreement(w2sTestProba, weakTestProba) * n);
            out.put(MetricNames.W2S_WEAK_AGREEMENT, wilson(same, n, ""));
            int weakWrong = 0, copied = 0;
            for (int i = 0; i < n; i++) {
                boolean wrong = (weakTestProba[i] > 0.5) != (testGold[i] == 1);
                if (!wrong) continue;
                weakWrong++;
                if ((w2sTestProba[i] > 0.5) != (testGold[i] == 1)) copied++;
            }
            out.put(MetricNames.COPIED_WEAK_ERRORS, weakWrong == 0
                    ? Estimate.undefined("no_weak_errors: the weak supervisor is right on every test row")
                    : wilson(copied, weakWrong, ""));
            return out;
        }

        private static Estimate wilson(int hits, int trials, String flag) {
            var ci = new org.apache.commons.math3.stat.interval.WilsonScoreInterval()
                    .createInterval(trials, hits, 0.95);
            return new Estimate((double) hits / trials, ci.getLowerBound(), ci.getUpperBound(), flag);
        }

        /**
         * Every number a unit records, by name, in the order of the tidy CSV: the bootstrapped metrics, then the weak
         * labels' accuracy and the two probes' lambdas (no interval: NaN bounds).
         */
        public LinkedHashMap<String, Estimate> recorded() {
            LinkedHashMap<String, Estimate> out = new LinkedHashMap<>();
            String constant = w2s.solver() == ProbeFit.Solver.CONSTANT
                    ? W2S_CONSTANT + ": the hard weak labels of B are all " + (w2s.weights()[w2s.dimension()] > 0 ? 1 : 0) : "";
            metrics.byName().forEach((name, e) -> out.put(name, constant.isEmpty() || !dependsOnW2s(name) ? e
                    : new Estimate(e.value(), e.ciLow(), e.ciHigh(), e.flag().isEmpty() ? constant : e.flag() + ";" + constant)));
            imitation().forEach((name, e) -> out.put(name, constant.isEmpty() ? e
                    : new Estimate(e.value(), e.ciLow(), e.ciHigh(), e.flag().isEmpty() ? constant : e.flag() + ";" + constant)));
            out.put(MetricNames.WEAK_LABEL_ACC, point(weakLabelAcc));
            out.put(MetricNames.CEILING_LAMBDA, point(ceiling.lambda()));
            out.put(MetricNames.W2S_LAMBDA, point(w2s.lambda()));
            return out;
        }

        private static boolean dependsOnW2s(String name) {
            return name.startsWith("w2s_") || name.startsWith("gain_") || name.startsWith("pgr_");
        }

        private static Estimate point(double v) {
            return new Estimate(v, Double.NaN, Double.NaN, "");
        }
    }

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
        double[] targets = kind.targets(weak.transfer());
        OptionalInt oneClass = kind == LabelKind.HARD ? oneClass(targets) : OptionalInt.empty();
        ProbeFit w2s = oneClass.isPresent() ? ProbeFit.constant(Standardizer.fit(strongB), oneClass.getAsInt())
                : LogisticProbe.fit(strongB, targets, probe);
        double[] ceilingT = ceiling.predictProba(strongT);
        double[] w2sT = w2s.predictProba(strongT);
        W2sMetrics metrics = PairedBootstrap.evaluate(weak.test(), ceilingT, w2sT, goldT, boot);
        double[] grid = LambdaPath.grid(probe);
        double[] ceilingPath = LambdaPath.accuracies(strongB, Targets.fromLabels(goldB), strongT, goldT, grid, probe);
        double[] w2sPath = new double[grid.length];
        if (oneClass.isPresent()) java.util.Arrays.fill(w2sPath, Metrics.accuracy(w2sT, goldT));
        else w2sPath = LambdaPath.accuracies(strongB, targets, strongT, goldT, grid, probe);
        LambdaPath path = new LambdaPath(grid, ceilingPath, w2sPath, ceiling.lambda(), w2s.lambda());
        return new Outcome(metrics, ceiling, w2s, ceilingT, w2sT, Metrics.accuracy(weak.transfer(), goldB), weak.test(),
                goldT, path);
    }

    /** The class of every hard target when they are all the same. */
    static OptionalInt oneClass(double[] hard) {
        for (double h : hard) if (h != hard[0]) return OptionalInt.empty();
        return hard.length == 0 ? OptionalInt.empty() : OptionalInt.of((int) hard[0]);
    }

    /** Fraction of test rows where the w2s probe and the weak supervisor give the same hard label. */
    public static double agreement(double[] a, double[] b) {
        Metrics.checkLengths(a.length, b.length);
        long same = 0;
        for (int i = 0; i < a.length; i++) if ((a[i] > 0.5) == (b[i] > 0.5)) same++;
        return (double) same / a.length;
    }
}
