package org.w2sg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w2sg.io.Npy;
import org.w2sg.probe.LogisticProbe;
import org.w2sg.probe.Metrics;
import org.w2sg.probe.ProbeFit;
import org.w2sg.probe.ProbeOptions;
import picocli.CommandLine;

class ProbeCommandTest {
    record Result(int code, String out, String err) {}

    @TempDir
    static Path dir;

    static final int D = 10;
    static float[][] xTrain, xTest;
    static int[] yTrain, yTest;

    static Result run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new UserErrors());
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    static float[][] gaussians(int n, int[] y, SplittableRandom rng) {
        float[][] x = new float[n][D];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            for (int j = 0; j < D; j++) x[i][j] = (float) rng.nextGaussian();
            x[i][0] += y[i] == 1 ? 1f : -1f;
        }
        return x;
    }

    static float[] flat(float[][] x) {
        float[] f = new float[x.length * D];
        for (int i = 0; i < x.length; i++) System.arraycopy(x[i], 0, f, i * D, D);
        return f;
    }

    @BeforeAll
    static void writeFiles() throws Exception {
        SplittableRandom rng = new SplittableRandom(1);
        yTrain = new int[800];
        yTest = new int[1000];
        xTrain = gaussians(yTrain.length, yTrain, rng);
        xTest = gaussians(yTest.length, yTest, rng);
        Npy.writeFloat32(dir.resolve("xa.npy"), flat(xTrain), xTrain.length, D);
        Npy.writeFloat32(dir.resolve("xb.npy"), flat(xTest), xTest.length, D);
        Npy.writeInt64(dir.resolve("ya.npy"), java.util.Arrays.stream(yTrain).asLongStream().toArray(), yTrain.length);
        Npy.writeInt64(dir.resolve("yb.npy"), java.util.Arrays.stream(yTest).asLongStream().toArray(), yTest.length);
        float[] soft = new float[yTrain.length];
        for (int i = 0; i < soft.length; i++) soft[i] = yTrain[i] == 1 ? 0.8f : 0.2f;
        Npy.writeFloat32(dir.resolve("ya_soft.npy"), soft, soft.length);
        Npy.writeInt64(dir.resolve("short.npy"), new long[] {0, 1, 0}, 3);
        Npy.writeFloat32(dir.resolve("x5.npy"), new float[800 * 5], 800, 5);
    }

    String[] files(String ya) {
        return new String[] {"probe", "--x-train", dir.resolve("xa.npy").toString(), "--y-train",
                dir.resolve(ya).toString(), "--x-test", dir.resolve("xb.npy").toString(), "--y-test",
                dir.resolve("yb.npy").toString()};
    }

    static String[] concat(String[] a, String... b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void printsTheSameNumbersAsTheLibraryAsJson() throws Exception {
        Result r = run(files("ya.npy"));
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        ProbeFit fit = LogisticProbe.fit(xTrain, yTrain, ProbeOptions.defaults());
        double[] p = fit.predictProba(xTest);
        assertEquals(Metrics.accuracy(p, yTest), json.get("accuracy").asDouble(), 1e-12);
        assertEquals(Metrics.rocAuc(p, yTest), json.get("auc").asDouble(), 1e-12);
        assertEquals(fit.lambda(), json.get("lambda").asDouble(), 0);
        assertEquals(5, json.get("cv").get("folds").asInt());
        assertEquals(6, json.get("cv").get("accuracy").size());
        // Bayes accuracy Phi(1) = 0.841; 1000 test rows have SE 0.012
        assertEquals(0.841, json.get("accuracy").asDouble(), 0.04);
        assertEquals("hard", json.get("targets").asText());
    }

    @Test
    void fixedLambdaSkipsCvAndSoftTargetsUseTheObjective() throws Exception {
        Result r = run(concat(files("ya_soft.npy"), "--lambda", "3", "--soft"));
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals(3.0, json.get("lambda").asDouble(), 0);
        assertFalse(json.has("cv"));
        assertEquals("soft", json.get("targets").asText());
        assertEquals("soft_target_lbfgs", json.get("solver").asText());
        assertTrue(json.get("accuracy").asDouble() > 0.78, r.out());
    }

    @Test
    void shapeMismatchesNameTheFile() {
        Result r = run("probe", "--x-train", dir.resolve("xa.npy").toString(), "--y-train",
                dir.resolve("short.npy").toString(), "--x-test", dir.resolve("xb.npy").toString(), "--y-test",
                dir.resolve("yb.npy").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: ") && r.err().contains("short.npy") && r.err().contains("3 labels")
                && r.err().contains("800 rows"), r.err());
        Result s = run("probe", "--x-train", dir.resolve("xa.npy").toString(), "--y-train",
                dir.resolve("ya.npy").toString(), "--x-test", dir.resolve("x5.npy").toString(), "--y-test",
                dir.resolve("ya.npy").toString());
        assertEquals(2, s.code());
        assertTrue(s.err().contains("x5.npy") && s.err().contains("5 columns"), s.err());
        Result t = run(concat(files("ya.npy"), "--lambda", "1", "--cv", "3"));
        assertEquals(2, t.code(), "--lambda and --cv are exclusive");
        Result u = run(concat(files("ya.npy"), "--cv", "1"));
        assertEquals(2, u.code());
        assertTrue(u.err().contains("at least 2 folds"), u.err());
    }
}
