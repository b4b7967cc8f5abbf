package org.w2sg.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.w2sg.errors.UserException;
import org.w2sg.geometry.Geometry;
import org.w2sg.geometry.GeometryOptions;
import org.w2sg.geometry.GeometryResult;
import org.w2sg.geometry.Spectrum;
import org.w2sg.probe.ProbeOptions;
import org.w2sg.probe.WeakPredictions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "geometry", mixinStandardHelpOptions = true,
        description = {"Prints the warm-start geometry and representation metrics of .npy activations as JSON: the "
                + "spectrum against the Marchenko-Pastur edge, alignment of the top PCs with the gold probe and the "
                + "class-mean difference, difference-of-means accuracy, d', few-shot and top-k-PC probes, and (with "
                + "--weak) how predictable the weak supervisor's errors are.",
                "The rows are split into a fitting half B and a held-out half T (class-balanced, by --seed), as the "
                        + "sweep's B and T. Spectrum, PCs, mean difference and d' use centred raw features; every "
                        + "probe standardizes its inputs."})
public final class GeometryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--x", required = true, paramLabel = "X.npy", description = "Features: 2-D float32/float64 .npy (rows x features).")
    Path x;

    @Option(names = "--y", required = true, paramLabel = "y.npy", description = "Gold labels 0/1 (probabilities are hardened at 0.5).")
    Path y;

    @Option(names = "--weak", paramLabel = "p.npy",
            description = "The weak supervisor's P(y=1) for the same rows: adds the weak-error AUC.")
    Path weak;

    @Option(names = "--k", split = ",", paramLabel = "K1,K2,...", defaultValue = "1,4,16,64",
            description = "Top-PC span sizes (default: ${DEFAULT-VALUE}).")
    int[] ks;

    @Option(names = "--few-shot", split = ",", paramLabel = "N1,N2", defaultValue = "32,128",
            description = "Labelled rows of B for the few-shot probes (default: ${DEFAULT-VALUE}).")
    int[] fewShot;

    @Option(names = "--test-fraction", defaultValue = "0.333", paramLabel = "F",
            description = "Share of each class held out as T (default: ${DEFAULT-VALUE}, the sweep's 800/400).")
    double testFraction;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the B/T split, few-shot draws, Lanczos start and CV folds (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws IOException {
        float[][] features = ProbeCommand.readMatrix(x, "--x");
        double[] labels = ProbeCommand.readVector(y, "--y", features.length, x);
        double[] weakProba = weak == null ? null : ProbeCommand.readVector(weak, "--weak", features.length, x);
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new UserException("--test-fraction must be between 0 and 1 (exclusive), got " + testFraction);
        }
        GeometryOptions options;
        try {
            options = new GeometryOptions(ks, fewShot, seed, ProbeOptions.defaults().withSeed(seed));
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        int[] gold = new int[labels.length];
        for (int i = 0; i < gold.length; i++) gold[i] = labels[i] > 0.5 ? 1 : 0;
        int[][] halves = split(gold, testFraction, seed);
        for (int h = 0; h < 2; h++) {
            int[] rows = halves[h];
            int pos = 0;
            for (int r : rows) pos += gold[r];
            if (pos < 2 || rows.length - pos < 2) {
                throw new UserException(y + ": the " + (h == 0 ? "fitting half B" : "held-out half T") + " has " + pos
                        + " positive and " + (rows.length - pos) + " negative rows; need at least 2 of each (more rows, or change --test-fraction)");
            }
        }
        WeakPredictions w = weakProba == null ? null
                : new WeakPredictions(take(weakProba, halves[0]), take(weakProba, halves[1]), weak.toString());
        GeometryResult r = Geometry.measure(take(features, halves[0]), take(gold, halves[0]),
                take(features, halves[1]), take(gold, halves[1]), w, null, options);
        spec.commandLine().getOut().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(json(r, halves[0].length, halves[1].length, features[0].length, seed)));
        spec.commandLine().getOut().flush();
        return 0;
    }

    static Map<String, Object> json(GeometryResult r, int nB, int nT, int d, long seed) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> metrics = new LinkedHashMap<>();
        r.metrics().forEach((k, v) -> metrics.put(k, Double.isFinite(v) ? v : null));
        out.put("metrics", metrics);
        Spectrum s = r.spectrum();
        Map<String, Object> spectrum = new LinkedHashMap<>();
        spectrum.put("top_eigenvalues", s.values());
        spectrum.put("bulk_variance", s.bulkVariance());
        spectrum.put("mp_edge", s.edge());
        spectrum.put("outlier_threshold", s.threshold());
        spectrum.put("outliers", s.outliers());
        spectrum.put("outliers_is_lower_bound", s.saturated());
        spectrum.put("top_over_edge", s.topOverEdge());
        out.put("spectrum", spectrum);
        out.put("pc_gold_abs_cos", r.pcGoldCos());
        out.put("pc_meandiff_abs_cos", r.pcMeanDiffCos());
        Map<String, Object> share = new LinkedHashMap<>();
        Map<String, Object> mdShare = new LinkedHashMap<>();
        for (int i = 0; i < r.ks().length; i++) {
            share.put(String.valueOf(r.ks()[i]), r.goldShare()[i]);
            mdShare.put(String.valueOf(r.ks()[i]), r.meanDiffShare()[i]);
        }
        out.put("gold_share_in_top_k", share);
        out.put("meandiff_share_in_top_k", mdShare);
        out.put("flags", r.flags());
        out.put("train_rows", nB);
        out.put("test_rows", nT);
        out.put("features", d);
        out.put("seed", seed);
        out.put("seconds", r.seconds());
        return out;
    }

    /** Class-balanced split: per class, a seeded shuffle puts round(f * count) rows in T, the rest in B. */
    static int[][] split(int[] gold, double testFraction, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Integer> b = new ArrayList<>();
        List<Integer> t = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < gold.length; i++) if (gold[i] == c) rows.add(i);
            for (int i = rows.size() - 1; i > 0; i--) java.util.Collections.swap(rows, i, rng.nextInt(i + 1));
            int nT = (int) Math.round(testFraction * rows.size());
            t.addAll(rows.subList(0, nT));
            b.addAll(rows.subList(nT, rows.size()));
        }
        return new int[][] {b.stream().mapToInt(Integer::intValue).sorted().toArray(),
                t.stream().mapToInt(Integer::intValue).sorted().toArray()};
    }

    private static float[][] take(float[][] x, int[] rows) {
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) out[i] = x[rows[i]];
        return out;
    }

    private static int[] take(int[] x, int[] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) out[i] = x[rows[i]];
        return out;
    }

    private static double[] take(double[] x, int[] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) out[i] = x[rows[i]];
        return out;
    }
}
