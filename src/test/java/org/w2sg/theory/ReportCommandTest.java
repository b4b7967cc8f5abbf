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

/** harness report on a hand-made emergence.csv with a known transition, beside a small synthetic run. */
class ReportCommandTest {
    static final double MID_TOKENS = 1e9;

    /**
     * Pythia-like steps, 2^21 tokens per step; three seeds at layers 6 and 12 (layer 6 is flat, so picking the wrong
     * layer shows), as the sweep writes them: weak 0.70 and ceiling {@code ceiling} with test-set intervals +-0.005,
     * w2s = weak + PGR * (ceiling - weak) where PGR is a logistic in ln tokens plus noise sd 0.02 per seed.
     */
    static void writeEmergence(Path file, double ceiling) throws Exception {
        long[] steps = {0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1000, 2000, 4000, 8000, 16000, 32000, 64000, 143000};
        LogisticCurve truth = new LogisticCurve(-0.1, 0.6, Math.log(MID_TOKENS), 0.6);
        SplittableRandom rng = new SplittableRandom(11);
        List<String> lines = new ArrayList<>();
        lines.add("model,revision,step,tokens,dataset,layer,seed,metric,value,ci_low,ci_high,flags");
        for (int seed = 0; seed < 3; seed++) {
            for (long s : steps) {
                long tokens = s * 2_097_152L;
                for (int layer : new int[] {6, 12}) {
                    double pgr = layer == 6 ? 0.3 : truth.at(Math.log(Math.max(tokens, 1))) + 0.02 * rng.nextGaussian();
                    double w2s = 0.7 + pgr * (ceiling - 0.7);
                    String head = String.format(Locale.ROOT, "pythia-410m,step%d,%d,%d,sciq,%d,%d,", s, s, tokens, layer, seed);
                    lines.add(head + row("weak_acc", 0.7, 0.005));
                    lines.add(head + row("ceiling_acc", ceiling, 0.005));
                    lines.add(head + row("w2s_acc", w2s, 0.005));
                    lines.add(head + row("gain_acc", w2s - 0.7, 0.003));
                    lines.add(ceiling - 0.7 >= 0.02 ? head + row("pgr_acc", pgr, 0.05)
                            : head + "pgr_acc,,,,\"pgr_undefined: acc ceiling-weak gap -0.1000 < floor 0.0200\"");
                }
            }
        }
        Files.write(file, lines);
    }

    private static String row(String metric, double v, double half) {
        return String.format(Locale.ROOT, "%s,%s,%s,%s,", metric, v, v - half, v + half);
    }

    @Test
    void plotsBothCurvesWithTheirTransitions(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("results/pythia-410m");
        Files.createDirectories(run);
        writeEmergence(run.resolve("emergence.csv"), 0.8);
        Path syn = dir.resolve("syn");
        assertEquals(0, Main.run("synthetic", "--d", "40", "--horizon", "3000", "--seeds", "2", "--phase-points", "5",
                "--delta", "2e-3", "--experiments", "phase", "--out", syn.toString()));

        Result r = run("report", "--run", run.toString(), "--synthetic", syn.toString(), "--bootstrap", "200");
        assertEquals(0, r.code, r.err);
        Path png = run.resolve("report").resolve(TheoryComparison.PNG);
        var image = ImageIO.read(png.toFile());
        assertEquals(1600, image.getWidth(), "two 800-px panels side by side");
        String text = Files.readString(run.resolve("report").resolve(TheoryComparison.TEXT));
        assertEquals(text, r.out, "the summary is printed and written");
        // the headline layer (upper median of {6, 12}) as in transition.json; step 0 (no tokens) left off the axis
        assertTrue(text.contains("sciq, layer 12: 18 of 19 steps with a defined value and tokens > 0, 3 seeds"), text);
        assertTrue(!text.contains("layer 6"), text);
        assertTrue(text.contains("n* = d / lambda^2 = 10.0"), text);
        assertTrue(text.contains("gain/(1-weak), the empirical analog of PGR_0 4PL"), text);
        assertTrue(text.contains("first step whose PGR interval lies above 0: step "), text);

        // the same analysis as the sweep's transition.json (seed 0): the midpoint it prints is the fit's
        var grid = RunGrid.read(run.resolve("emergence.csv"), "acc", "sciq", "12").orElseThrow();
        var a = org.w2sg.stats.EmergenceAnalysis.of(grid, org.w2sg.stats.EmergenceAnalysis.Options.defaults(200, 0));
        var t = a.pgr().orElseThrow();
        // noise sd 0.02 per seed and test intervals +-0.005 on a 0.1 gap: PGR's SE per step is ~0.05 on a rise of
        // 0.7 sampled every ln 2 ~ 1.2 widths; 25% leaves room without admitting a neighbouring step (a factor 2)
        assertEquals(1.0, Math.exp(t.curve().mid()) / MID_TOKENS, 0.25);
        assertTrue(t.midCi().contains(Math.log(MID_TOKENS)), t.midCi().toString());
        assertEquals(-0.1, t.curve().bottom(), 0.06);
        assertEquals(0.6, t.curve().top(), 0.06);
        assertTrue(t.transitionPresent(0.05), t.toString());
        assertTrue(text.contains("midpoint " + org.w2sg.stats.StepScale.human(Math.exp(t.curve().mid())) + " tokens"), text);

        List<EmergenceCurve> all = EmergenceCurve.read(run.resolve("emergence.csv"), "pgr_acc", "tokens", null, EmergenceCurve.ALL_LAYERS);
        assertEquals(List.of("6", "12"), all.stream().map(EmergenceCurve::layer).toList(), "numeric layer order");
    }

    /**
     * A run with geometry: the measured PC1 alignment (summary.csv) and the theory's init_overlap (phase.csv) in a
     * second row of panels, both on the same 0-1 |cos| scale, and one line of the summary naming both ranges.
     */
    @Test
    void drawsTheMeasuredWarmStartBesideTheTheorysInitialOverlap(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("results/pythia-410m");
        Files.createDirectories(run);
        writeEmergence(run.resolve("emergence.csv"), 0.8);
        List<String> summary = new ArrayList<>();
        summary.add("model,revision,step,tokens,dataset,layer,seeds,geo_pc1_gold_cos,geo_pc1_gold_cos_ci_low,geo_pc1_gold_cos_ci_high,flags");
        long[] steps = {0, 1000, 8000, 64000, 143000};
        double[] cos = {0.05, 0.1, 0.3, 0.6, 0.8};
        for (int i = 0; i < steps.length; i++) {
            for (int layer : new int[] {6, 12}) {
                double v = layer == 6 ? 0.99 : cos[i];
                summary.add(String.format(Locale.ROOT, "pythia-410m,step%d,%d,%d,sciq,%d,3,%s,%s,%s,", steps[i], steps[i],
                        steps[i] * 2_097_152L, layer, v, Math.max(0, v - 0.05), Math.min(1, v + 0.05)));
            }
        }
        Files.write(run.resolve("summary.csv"), summary);
        Path syn = dir.resolve("syn");
        assertEquals(0, Main.run("synthetic", "--d", "40", "--horizon", "500", "--seeds", "2", "--phase-points", "5",
                "--delta", "2e-3", "--experiments", "phase", "--out", syn.toString()));
        Result r = run("report", "--run", run.toString(), "--synthetic", syn.toString(), "--bootstrap", "200");
        assertEquals(0, r.code, r.err);
        var image = ImageIO.read(run.resolve("report").resolve(TheoryComparison.PNG).toFile());
        assertEquals(1600, image.getWidth(), "two panels a row");
        assertEquals(2 * 560, image.getHeight(), "a second row of 560-px panels");
        // step 0 has no tokens and layer 6 is not the headline layer: 4 steps, 0.1 .. 0.8
        assertTrue(r.out.contains("warm start: measured |cos(PC1, gold direction)| 0.100 .. 0.800 over 4 steps"), r.out);
        assertTrue(r.out.contains("theory init_overlap "), r.out);
    }

    @Test
    void namesTheMissingMetricOrFile(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        Path syn = dir.resolve("syn");
        Result missing = run("report", "--run", run.toString(), "--synthetic", syn.toString());
        assertEquals(2, missing.code);
        assertTrue(missing.err.contains("emergence.csv"), missing.err);

        writeEmergence(run.resolve("emergence.csv"), 0.8);
        Result noSyn = run("report", "--run", run.toString(), "--synthetic", syn.toString());
        assertEquals(2, noSyn.code);
        assertTrue(noSyn.err.contains("summary.json"), noSyn.err);

        assertEquals(0, Main.run("synthetic", "--d", "40", "--horizon", "500", "--seeds", "2", "--phase-points", "5",
                "--experiments", "phase", "--out", syn.toString()));
        Result badMetric = run("report", "--run", run.toString(), "--synthetic", syn.toString(), "--metric", "pgr");
        assertEquals(2, badMetric.code);
        assertTrue(badMetric.err.contains("'pgr'") && badMetric.err.contains("ceiling_acc, gain_acc, pgr_acc"), badMetric.err);
        assertTrue(!Files.exists(run.resolve("report")), "nothing written on error");
    }

    @Test
    void aRunWithoutAnyDefinedPgrIsReportedNotACrash(@TempDir Path dir) throws Exception {
        // the README demo's case: random weights, ceiling 0.6 below a weak supervisor at 0.7
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        writeEmergence(run.resolve("emergence.csv"), 0.6);
        Path syn = dir.resolve("syn");
        assertEquals(0, Main.run("synthetic", "--d", "40", "--horizon", "500", "--seeds", "2", "--phase-points", "5",
                "--experiments", "phase", "--out", syn.toString()));
        Result r = run("report", "--run", run.toString(), "--synthetic", syn.toString(), "--bootstrap", "200");
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("no step has a defined pgr_acc") && r.out.contains("--metric gain_over_headroom_acc"), r.out);
        assertTrue(r.out.contains("pgr_acc transition not fitted: needs 5 steps with a defined PGR and tokens > 0; 0 of 18"), r.out);
        assertTrue(Files.size(run.resolve("report").resolve(TheoryComparison.PNG)) > 0);

        Result head = run("report", "--run", run.toString(), "--synthetic", syn.toString(), "--metric", "gain_over_headroom_acc", "--bootstrap", "200");
        assertEquals(0, head.code, head.err);
        assertTrue(head.out.contains("gain_over_headroom_acc 4PL") || head.out.contains("gain_over_headroom_acc transition"), head.out);
    }

    @Test
    void aRunOfSeveralWeakSupervisorsIsReportedOneSupervisorAtATime(@TempDir Path dir) throws Exception {
        // the same grid twice in one table, as a sweep with --weak A,B writes it: A's ceiling clears its weak accuracy
        // (a defined PGR with a transition), B's does not; a mix of the two would be neither
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        List<String> table = new ArrayList<>(List.of("model,revision,step,tokens,dataset,layer,weak,seed,metric,value,ci_low,ci_high,flags"));
        for (var sup : List.of(java.util.Map.entry("A", 0.8), java.util.Map.entry("B", 0.6))) {
            Path part = dir.resolve(sup.getKey() + ".csv");
            writeEmergence(part, sup.getValue());
            for (String line : Files.readAllLines(part).subList(1, Files.readAllLines(part).size())) {
                String[] cols = line.split(",", 7); // model..layer, then seed onwards
                table.add(String.join(",", java.util.Arrays.copyOf(cols, 6)) + "," + sup.getKey() + "," + cols[6]);
            }
        }
        Files.write(run.resolve("emergence.csv"), table);
        Path syn = dir.resolve("syn");
        assertEquals(0, Main.run("synthetic", "--d", "40", "--horizon", "500", "--seeds", "2", "--phase-points", "5",
                "--experiments", "phase", "--out", syn.toString()));

        Result mixed = run("report", "--run", run.toString(), "--synthetic", syn.toString(), "--bootstrap", "50");
        assertEquals(2, mixed.code, mixed.err);
        assertTrue(mixed.err.contains("2 weak supervisors (A, B)") && mixed.err.contains("--weak"), mixed.err);
        assertTrue(!Files.exists(run.resolve("report")), "nothing written on error");

        Result a = run("report", "--run", run.toString(), "--synthetic", syn.toString(), "--bootstrap", "50", "--weak", "A");
        assertEquals(0, a.code, a.err);
        assertTrue(a.out.contains("sciq, layer 12: 18 of 19 steps with a defined value and tokens > 0, 3 seeds"), a.out);
        Result b = run("report", "--run", run.toString(), "--synthetic", syn.toString(), "--bootstrap", "50", "--weak", "B");
        assertEquals(0, b.code, b.err);
        assertTrue(b.out.contains("no step has a defined pgr_acc") && b.out.contains(", 3 seeds"), b.out);
        Result none = run("report", "--run", run.toString(), "--synthetic", syn.toString(), "--weak", "C");
        assertEquals(2, none.code);
        assertTrue(none.err.contains("--weak C") && none.err.contains("A, B"), none.err);
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
