package org.w2sg.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w2sg.cli.Main;
import org.w2sg.stats.LogisticCurve;
import org.w2sg.stats.Transition;

/** harness report on a hand-made emergence.csv with a known transition, beside a small synthetic run. */
class ReportCommandTest {
    static final double MID_TOKENS = 1e9;

    /**
     * Pythia-like steps, 2^21 tokens per step; three seeds of a logistic in ln tokens plus noise sd 0.02 at layers 6
     * and 12 (layer 6 is flat at 0.3, so picking the wrong layer shows), as the sweep writes them.
     */
    static void writeEmergence(Path file) throws Exception {
        long[] steps = {0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1000, 2000, 4000, 8000, 16000, 32000, 64000, 143000};
        LogisticCurve truth = new LogisticCurve(-0.1, 0.6, Math.log(MID_TOKENS), 0.6);
        SplittableRandom rng = new SplittableRandom(11);
        List<String> lines = new ArrayList<>();
        lines.add("model,revision,step,tokens,dataset,layer,seed,metric,value,ci_low,ci_high,flags");
        for (int seed = 0; seed < 3; seed++) {
            for (long s : steps) {
                long tokens = s * 2_097_152L;
                double v = truth.at(Math.log(Math.max(tokens, 1))) + 0.02 * rng.nextGaussian();
                lines.add(String.format(Locale.ROOT, "pythia-410m,step%d,%d,%d,sciq,12,%d,pgr_acc,%s,%s,%s,", s, s, tokens, seed, v, v - 0.05, v + 0.05));
                lines.add(String.format(Locale.ROOT, "pythia-410m,step%d,%d,%d,sciq,12,%d,ceiling_acc,0.8,0.78,0.82,", s, s, tokens, seed));
                lines.add(String.format(Locale.ROOT, "pythia-410m,step%d,%d,%d,sciq,6,%d,pgr_acc,0.3,0.25,0.35,", s, s, tokens, seed));
            }
        }
        // an undefined PGR: empty value, flagged (quoted, with a comma inside)
        lines.add("pythia-410m,step3,3,6291456,sciq,12,0,pgr_acc,,,,\"gap_below_floor,ceiling-weak<0.02\"");
        Files.write(file, lines);
    }

    @Test
    void plotsBothCurvesWithTheirTransitions(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("results/pythia-410m");
        Files.createDirectories(run);
        writeEmergence(run.resolve("emergence.csv"));
        Path syn = dir.resolve("syn");
        assertEquals(0, Main.run("synthetic", "--d", "40", "--horizon", "3000", "--seeds", "2", "--phase-points", "5",
                "--delta", "2e-3", "--experiments", "phase", "--out", syn.toString()));

        Result r = run("report", "--run", run.toString(), "--synthetic", syn.toString());
        assertEquals(0, r.code, r.err);
        Path png = run.resolve("report").resolve(TheoryComparison.PNG);
        var image = ImageIO.read(png.toFile());
        assertEquals(1600, image.getWidth(), "two 800-px panels side by side");
        String text = Files.readString(run.resolve("report").resolve(TheoryComparison.TEXT));
        assertEquals(text, r.out, "the summary is printed and written");
        // the headline layer (upper median of {6, 12}) as in transition.json; step 0 x 3 seeds + the empty PGR left out
        assertTrue(text.contains("sciq, layer 12: 18 steps, 3 seeds, 4 row(s)"), text);
        assertTrue(!text.contains("layer 6"), text);
        assertTrue(text.contains("n* = d / lambda^2 = 10.0"), text);

        EmergenceCurve curve = EmergenceCurve.read(run.resolve("emergence.csv"), "pgr_acc", "tokens", null, null).get(0);
        assertEquals("12", curve.layer());
        assertEquals(19 * 3 + 1, curve.observations().size());
        Transition t = Transition.fit(curve.observations(), 200, 0.95, 0).orElseThrow();
        // noise sd 0.02 per seed on a rise of 0.7, sampled every ln 2 ~ 1.2 widths: the midpoint's standard error is a
        // few percent; 15% leaves room without admitting a neighbouring step (the grid spacing is a factor 2)
        assertEquals(1.0, t.midpointTokens() / MID_TOKENS, 0.15);
        assertTrue(t.midpointTokensCi().low() < MID_TOKENS * 1.15 && t.midpointTokensCi().high() > MID_TOKENS / 1.15, t.midpointTokensCi().toString());
        assertEquals(-0.1, t.curve().bottom(), 0.03);
        assertEquals(0.6, t.curve().top(), 0.03);
        assertTrue(text.contains(String.format(Locale.ROOT, "midpoint %.4g tokens", t.midpointTokens())), "report = the shared fit (seed 0): " + text);

        List<EmergenceCurve> all = EmergenceCurve.read(run.resolve("emergence.csv"), "pgr_acc", "tokens", null, EmergenceCurve.ALL_LAYERS);
        assertEquals(List.of("6", "12"), all.stream().map(EmergenceCurve::layer).toList(), "numeric layer order");
    }

    @Test
    void namesTheMissingMetricOrFile(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        Path syn = dir.resolve("syn");
        Result missing = run("report", "--run", run.toString(), "--synthetic", syn.toString());
        assertEquals(2, missing.code);
        assertTrue(missing.err.contains("emergence.csv"), missing.err);

        writeEmergence(run.resolve("emergence.csv"));
        Result noSyn = run("report", "--run", run.toString(), "--synthetic", syn.toString());
        assertEquals(2, noSyn.code);
        assertTrue(noSyn.err.contains("summary.json"), noSyn.err);

        assertEquals(0, Main.run("synthetic", "--d", "40", "--horizon", "500", "--seeds", "2", "--phase-points", "5",
                "--experiments", "phase", "--out", syn.toString()));
        Result badMetric = run("report", "--run", run.toString(), "--synthetic", syn.toString(), "--metric", "pgr");
        assertEquals(2, badMetric.code);
        assertTrue(badMetric.err.contains("'pgr'") && badMetric.err.contains("ceiling_acc, pgr_acc"), badMetric.err);
        assertTrue(!Files.exists(run.resolve("report")), "nothing written on error");
    }

    record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
