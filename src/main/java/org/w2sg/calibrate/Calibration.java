package org.w2sg.calibrate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import org.w2sg.calibrate.SweepSimulator.Design;
import org.w2sg.calibrate.SweepSimulator.Shape;
import org.w2sg.calibrate.SweepSimulator.Sweep;

/**
 * Runs an estimator on many simulated sweeps of each shape and scores it against the known truth: coverage of the
 * per-step PGR interval, of the midpoint and offset intervals (planted transition), how often "transition present" is
 * claimed when PGR is constant or a straight line in ln tokens (false positives), how often when it is planted
 * (power), and the midpoint's bias. Replicates are seeded by their index, so the result does not depend on threads.
 */
public final class Calibration {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Calibration() {}

    /**
     * @param legacy    run the estimators the harness had before the statistics issue (per-unit conditional
     *                  bootstrap, Student-t over defined seeds, point-resampling transition bootstrap, F test)
     * @param resamples bootstrap resamples per estimate
     */
    public record Options(int replicates, int threads, int resamples, long seed, boolean legacy, Design design) {}

    /** One sweep's scores against the truth. NaN/-1 where a score does not apply. */
    public record Outcome(Shape shape, int pgrIntervals, int pgrCovered, int midCovered, int midFitted,
                          int offsetCovered, int offsetFitted, boolean transition, double midError) {}

    /** Estimator under test: scores one simulated sweep. */
    interface Estimator {
        Outcome score(Sweep sweep, long seed);
    }

    public static ObjectNode run(Options o, IntConsumer progress) throws Exception {
        Estimator est = o.legacy() ? new LegacyEstimator(o.resamples()) : new ClusterEstimator(o.resamples());
        long start = System.nanoTime();
        Shape[] shapes = Shape.values();
        int total = o.replicates() * shapes.length;
        Outcome[] outcomes = new Outcome[total];
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, o.threads()));
        try {
            List<Future<?>> fs = new ArrayList<>();
            java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
            for (int k = 0; k < total; k++) {
                final int idx = k;
                fs.add(pool.submit(() -> {
                    Shape shape = shapes[idx % shapes.length];
                    int rep = idx / shapes.length;
                    long s = o.seed() * 1_000_003L + rep * 31L + shape.ordinal();
                    Sweep sweep = SweepSimulator.simulate(o.design(), shape, s);
                    outcomes[idx] = est.score(sweep, s ^ 0x5DEECE66DL);
                    progress.accept(done.incrementAndGet());
                }));
            }
            for (Future<?> f : fs) f.get();
        } finally {
            pool.shutdownNow();
        }
        return summarize(o, outcomes, (System.nanoTime() - start) / 1e9);
    }

    static ObjectNode summarize(Options o, Outcome[] outcomes, double seconds) {
        long pgrN = 0, pgrC = 0, midN = 0, midC = 0, offN = 0, offC = 0, midFits = 0;
        int[] claims = new int[Shape.values().length];
        int[] reps = new int[Shape.values().length];
        double biasSum = 0, sqSum = 0;
        int biasN = 0;
        for (Outcome r : outcomes) {
            reps[r.shape().ordinal()]++;
            if (r.transition()) claims[r.shape().ordinal()]++;
            pgrN += r.pgrIntervals();
            pgrC += r.pgrCovered();
            if (r.shape() == Shape.LOGISTIC) {
                midN += r.midFitted();
                midC += r.midCovered();
                offN += r.offsetFitted();
                offC += r.offsetCovered();
                if (Double.isFinite(r.midError())) {
                    biasSum += r.midError();
                    sqSum += r.midError() * r.midError();
                    biasN++;
                }
            }
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("estimators", o.legacy() ? "legacy (before issue 10)" : "cluster bootstrap over seeds and test rows + Fieller");
        root.put("replicates_per_shape", o.replicates());
        root.put("resamples", o.resamples());
        Design d = o.design();
        root.put("design", String.format(Locale.ROOT, "%d steps x %d seeds, %d shared test rows, weak %.2f",
                d.steps(), d.seeds(), d.testRows(), d.weak()));
        rate(root, "coverage_pgr_step", pgrC, pgrN);
        root.put("pgr_step_intervals", pgrN);
        rate(root, "coverage_midpoint", midC, midN);
        root.put("midpoint_intervals", midN);
        rate(root, "coverage_offset", offC, offN);
        root.put("offset_intervals", offN);
        rate(root, "fpr_constant", claims[Shape.CONSTANT.ordinal()], reps[Shape.CONSTANT.ordinal()]);
        rate(root, "fpr_linear", claims[Shape.LINEAR.ordinal()], reps[Shape.LINEAR.ordinal()]);
        rate(root, "power_logistic", claims[Shape.LOGISTIC.ordinal()], reps[Shape.LOGISTIC.ordinal()]);
        if (biasN > 0) {
            root.put("midpoint_bias_ln_tokens", biasSum / biasN);
            root.put("midpoint_rmse_ln_tokens", Math.sqrt(sqSum / biasN));
        } else {
            root.putNull("midpoint_bias_ln_tokens");
            root.putNull("midpoint_rmse_ln_tokens");
        }
        root.put("midpoint_fits", midFits + biasN);
        root.put("seconds", Math.round(seconds * 10) / 10.0);
        return root;
    }

    private static void rate(ObjectNode o, String name, long hits, long n) {
        if (n == 0) o.putNull(name);
        else o.put(name, Math.round(1e4 * hits / (double) n) / 1e4);
    }

    /** Per-unit summaries of a simulated sweep, as a real unit records them. */
    static final class Units {
        static double mean(boolean[] c) {
            int k = 0;
            for (boolean b : c) if (b) k++;
            return (double) k / c.length;
        }

        /** SE of the mean of a paired difference of 0/1 columns. */
        static double pairedSe(boolean[] a, boolean[] b) {
            int n = a.length;
            double m = 0, ss = 0;
            for (int j = 0; j < n; j++) m += (a[j] ? 1 : 0) - (b[j] ? 1 : 0);
            m /= n;
            for (int j = 0; j < n; j++) {
                double v = (a[j] ? 1 : 0) - (b[j] ? 1 : 0) - m;
                ss += v * v;
            }
            return Math.sqrt(ss / n / n);
        }
    }
}
