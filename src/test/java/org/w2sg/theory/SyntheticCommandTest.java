package org.w2sg.theory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w2sg.cli.Main;

/** The command end to end on a small model: files, columns, reproducibility, refusals. */
class SyntheticCommandTest {
    /** Small enough to run in ~1 s: the point here is plumbing and determinism, not the phenomenon. */
    private static final String[] SMALL = {"--d", "40", "--horizon", "3000", "--seeds", "3", "--phase-points", "5",
            "--bbp-points", "4", "--delta", "2e-3"};

    @Test
    void sameSeedGivesByteIdenticalFilesWhateverTheThreadCount(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a"), b = dir.resolve("b");
        assertEquals(0, run(concat(SMALL, "--threads", "1", "--out", a.toString())).code);
        assertEquals(0, run(concat(SMALL, "--threads", "3", "--out", b.toString())).code);
        for (String f : List.of("bbp.csv", "dynamics.csv", "phase.csv", "summary.json")) {
            assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f);
        }
        Path c = dir.resolve("c");
        assertEquals(0, run(concat(SMALL, "--seed", "1", "--out", c.toString())).code);
        assertTrue(!java.util.Arrays.equals(Files.readAllBytes(a.resolve("phase.csv")), Files.readAllBytes(c.resolve("phase.csv"))),
                "another master seed must give other numbers");
    }

    @Test
    void writesTheDocumentedFilesAndColumns(@TempDir Path dir) throws Exception {
        assertEquals(0, run(concat(SMALL, "--out", dir.toString())).code);
        assertEquals("n_pre,gamma,seed,overlap_sq_sim,overlap_sq_theory", firstLine(dir.resolve("bbp.csv")));
        assertEquals("init,labels,seed,step,samples_seen,overlap,test_risk", firstLine(dir.resolve("dynamics.csv")));
        assertEquals("n_pre,init_overlap_sim,init_overlap_theory,weak_risk,ceiling_risk,w2s_risk,pgr,pgr_ci_low,pgr_ci_high,"
                + "pgr0,pgr0_ci_low,pgr0_ci_high,defined_seeds", firstLine(dir.resolve("phase.csv")));
        // 4 grid points x 3 seeds; 2 inits x 2 label kinds x 3 seeds x (100 snapshots + step 0); 5 grid points
        assertEquals(1 + 4 * 3, Files.readAllLines(dir.resolve("bbp.csv")).size());
        assertEquals(1 + 2 * 2 * 3 * 101, Files.readAllLines(dir.resolve("dynamics.csv")).size());
        assertEquals(1 + 5, Files.readAllLines(dir.resolve("phase.csv")).size());
        JsonNode s = SyntheticSummary.read(dir.resolve("summary.json"));
        assertEquals(40 / 4.0, s.path("n_star").asDouble(), 0.0);
        assertEquals(SyntheticConfig.defaultModel(40).saturationRisk(), s.path("predicted_saturation_risk").asDouble(), 1e-12);
        assertTrue(s.path("transition").path("n_pre_mid").isNumber());
        for (String png : List.of("bbp.png", "dynamics.png", "phase.png")) {
            byte[] bytes = Files.readAllBytes(dir.resolve(png));
            assertEquals((byte) 0x89, bytes[0]);
            assertEquals('P', bytes[1]);
        }
        try (var files = Files.list(dir)) {
            assertEquals(7, files.count(), "no temporary files left behind");
        }
    }

    @Test
    void refusesBadParametersNamingThem(@TempDir Path dir) throws Exception {
        String[][] cases = {
                {"--eta", "1.2", "--eta"}, {"--kappa", "-1.5", "--kappa"}, {"--d", "1", "--d"}, {"--lambda", "0", "--lambda"},
                {"--lambda", "-2", "--lambda"}, {"--delta", "0", "--delta"}, {"--horizon", "0", "--horizon"},
                {"--horizon", "-5", "--horizon"}, {"--link", "he7", "--link"}, {"--threads", "0", "--threads"},
        };
        for (String[] c : cases) {
            Result r = run("synthetic", c[0], c[1], "--out", dir.resolve("x").toString());
            assertEquals(2, r.code, String.join(" ", c));
            assertTrue(r.err.startsWith("error: ") && r.err.contains(c[2]), "message for " + c[0] + " " + c[1] + ": " + r.err);
            assertTrue(!Files.exists(dir.resolve("x")), "nothing written for " + c[0] + " " + c[1]);
        }
    }

    record Result(int code, String err) {}

    private static Result run(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args);
            return new Result(code, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(old);
        }
    }

    private static String[] concat(String[] base, String... more) {
        String[] all = new String[base.length + more.length + 1];
        all[0] = "synthetic";
        System.arraycopy(base, 0, all, 1, base.length);
        System.arraycopy(more, 0, all, 1 + base.length, more.length);
        return all;
    }

    private static String firstLine(Path f) throws Exception {
        return Files.readAllLines(f).get(0);
    }
}
