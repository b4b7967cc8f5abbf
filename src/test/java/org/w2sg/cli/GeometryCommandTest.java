package org.w2sg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w2sg.io.Npy;

class GeometryCommandTest {
    @TempDir
    Path dir;

    /** Two Gaussian classes 2 apart along e0 in 10 dimensions: the JSON has every metric and the expected geometry. */
    @Test
    void printsTheMetricsAsJson() throws Exception {
        int n = 600, d = 10;
        SplittableRandom rng = new SplittableRandom(3);
        float[] x = new float[n * d];
        long[] y = new long[n];
        float[] weak = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            for (int j = 0; j < d; j++) x[i * d + j] = (float) rng.nextGaussian();
            x[i * d] += y[i] == 1 ? 1f : -1f;
            weak[i] = (y[i] == 1) != (x[i * d + 1] > 0.5f) ? 0.8f : 0.2f;
        }
        Npy.writeFloat32(dir.resolve("x.npy"), x, n, d);
        Npy.writeInt64(dir.resolve("y.npy"), y, n);
        Npy.writeFloat32(dir.resolve("w.npy"), weak, n);
        ProbeCommandTest.Result r = ProbeCommandTest.run("geometry", "--x", dir.resolve("x.npy").toString(), "--y",
                dir.resolve("y.npy").toString(), "--weak", dir.resolve("w.npy").toString(), "--k", "1,4", "--seed", "2");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        JsonNode m = j.get("metrics");
        assertEquals(1, m.get("geo_outliers").asInt(), r.out());
        assertTrue(m.get("geo_pc1_meandiff_cos").asDouble() > 0.95, r.out());
        assertEquals(0.841, m.get("geo_diffmeans_acc").asDouble(), 0.05, "Phi(1)");
        assertTrue(m.get("geo_weak_err_auc").asDouble() > 0.85, r.out());
        assertTrue(m.has("geo_pc4_probe_acc") && m.has("geo_gold_share_k4") && m.has("geo_fewshot128_acc"), r.out());
        assertEquals(400, j.get("train_rows").asInt());
        assertEquals(200, j.get("test_rows").asInt());
        assertEquals(4, j.get("spectrum").get("top_eigenvalues").size());
    }

    @Test
    void badInputIsOneErrorLine() throws Exception {
        Npy.writeFloat32(dir.resolve("x.npy"), new float[40], 20, 2);
        Npy.writeInt64(dir.resolve("y.npy"), new long[19], 19);
        ProbeCommandTest.Result r = ProbeCommandTest.run("geometry", "--x", dir.resolve("x.npy").toString(), "--y",
                dir.resolve("y.npy").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: ") && r.err().contains("y.npy") && r.err().strip().lines().count() == 1, r.err());
        Npy.writeInt64(dir.resolve("y20.npy"), new long[20], 20);
        r = ProbeCommandTest.run("geometry", "--x", dir.resolve("x.npy").toString(), "--y",
                dir.resolve("y20.npy").toString(), "--k", "0");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("k must be >= 1"), r.err());
    }
}
