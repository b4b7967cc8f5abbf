package org.w2sg.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.w2sg.errors.UserException;
import org.w2sg.io.Npy;
import org.w2sg.probe.LogisticProbe;
import org.w2sg.probe.Metrics;
import org.w2sg.probe.ProbeFit;
import org.w2sg.probe.ProbeOptions;
import org.w2sg.probe.Targets;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "probe", mixinStandardHelpOptions = true,
        description = {"Fits an L2-regularised logistic-regression probe on .npy features and prints test accuracy, "
                + "ROC AUC and the lambda as JSON.",
                "Features are standardized with the training rows' statistics; lambda is picked by k-fold CV on the "
                        + "training set unless --lambda is given. X files: 2-D float32/float64 .npy (rows x features). "
                        + "y files: 1-D .npy of 0/1 labels or probabilities; training probabilities are hardened at 0.5 "
                        + "unless --soft."})
public final class ProbeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--x-train", required = true, paramLabel = "X.npy", description = "Training features.")
    Path xTrain;

    @Option(names = "--y-train", required = true, paramLabel = "y.npy", description = "Training labels or probabilities.")
    Path yTrain;

    @Option(names = "--x-test", required = true, paramLabel = "X.npy", description = "Test features.")
    Path xTest;

    @Option(names = "--y-test", required = true, paramLabel = "y.npy", description = "Test labels (0/1; probabilities are hardened at 0.5).")
    Path yTest;

    @ArgGroup(exclusive = true)
    Regularisation reg = new Regularisation();

    static final class Regularisation {
        @Option(names = "--lambda", paramLabel = "L",
                description = "Fixed L2 penalty (Smile's convention: summed log-loss + L/2 |w|^2); no CV.")
        Double lambda;

        @Option(names = "--cv", paramLabel = "K", description = "Folds of the CV that picks lambda (default: 5).")
        Integer folds;
    }

    @Option(names = "--lambdas", split = ",", paramLabel = "L1,L2,...",
            description = "Grid searched by CV (default: 0.1,1,10,100,1000,10000).")
    double[] lambdas;

    @Option(names = "--soft", description = "Train on the y-train probabilities as soft targets (cross-entropy).")
    boolean soft;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the CV folds (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws IOException {
        float[][] xa = readMatrix(xTrain, "--x-train");
        float[][] xb = readMatrix(xTest, "--x-test");
        double[] ya = readVector(yTrain, "--y-train", xa.length, xTrain);
        double[] yb = readVector(yTest, "--y-test", xb.length, xTest);
        if (xa[0].length != xb[0].length) {
            throw new UserException(xTest + ": test features have " + xb[0].length + " columns but " + xTrain
                    + " has " + xa[0].length + "; both must come from the same model and layer");
        }
        ProbeOptions options = ProbeOptions.defaults().withSeed(seed);
        if (lambdas != null) options = options.withLambdas(lambdas);
        if (reg.folds != null) options = options.withFolds(reg.folds);
        if (reg.lambda != null) options = options.withLambda(reg.lambda);
        double[] targets = soft ? ya : Targets.harden(ya);
        ProbeFit fit = LogisticProbe.fit(xa, targets, options);
        double[] proba = fit.predictProba(xb);
        int[] gold = new int[yb.length];
        for (int i = 0; i < gold.length; i++) gold[i] = yb[i] > 0.5 ? 1 : 0;

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accuracy", Metrics.accuracy(proba, gold));
        out.put("auc", nullIfNaN(Metrics.rocAuc(proba, gold)));
        out.put("lambda", fit.lambda());
        out.put("train_accuracy", Metrics.accuracy(fit.predictProba(xa), Targets.harden(ya)));
        out.put("targets", soft ? "soft" : "hard");
        out.put("solver", fit.solver().name().toLowerCase(java.util.Locale.ROOT));
        out.put("train_rows", xa.length);
        out.put("test_rows", xb.length);
        out.put("features", xa[0].length);
        if (fit.search() != null) {
            Map<String, Object> cv = new LinkedHashMap<>();
            cv.put("folds", fit.search().folds());
            cv.put("lambdas", fit.search().lambdas());
            cv.put("accuracy", fit.search().cvAccuracy());
            out.put("cv", cv);
        }
        spec.commandLine().getOut().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static Object nullIfNaN(double v) {
        return Double.isNaN(v) ? null : v;
    }

    static float[][] readMatrix(Path file, String option) throws IOException {
        Npy.Array a = Npy.read(file);
        if (a.shape().length != 2) {
            throw new UserException(file + " (" + option + "): expected a 2-D array (rows, features), got shape "
                    + Arrays.toString(a.shape()));
        }
        int n = a.dim(0);
        int d = a.dim(1);
        if (n == 0 || d == 0) throw new UserException(file + " (" + option + "): empty array of shape " + Arrays.toString(a.shape()));
        float[][] x = new float[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                float v = a.floats() != null ? a.floats()[i * d + j] : (float) a.longs()[i * d + j];
                if (!Float.isFinite(v)) {
                    throw new UserException(file + " (" + option + "): value at [" + i + ", " + j + "] is " + v);
                }
                x[i][j] = v;
            }
        }
        return x;
    }

    static double[] readVector(Path file, String option, int rows, Path features) throws IOException {
        Npy.Array a = Npy.read(file);
        long[] s = a.shape();
        boolean column = s.length == 2 && s[1] == 1;
        if (!(s.length == 1 || column)) {
            throw new UserException(file + " (" + option + "): expected a 1-D array of labels, got shape "
                    + Arrays.toString(s));
        }
        if (s[0] != rows) {
            throw new UserException(file + " (" + option + "): " + s[0] + " labels (shape " + Arrays.toString(s)
                    + ") but " + features + " has " + rows + " rows");
        }
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            y[i] = a.floats() != null ? a.floats()[i] : a.longs()[i];
            if (!(y[i] >= 0 && y[i] <= 1)) {
                throw new UserException(file + " (" + option + "): row " + i + " holds " + y[i]
                        + "; expected 0/1 or a probability in [0, 1]");
            }
        }
        return y;
    }
}
