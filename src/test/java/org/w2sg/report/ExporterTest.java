package org.w2sg.report;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w2sg.errors.UserException;
import org.w2sg.probe.MetricNames;
import org.w2sg.run.Ledger;
import org.w2sg.run.Metric;
import org.w2sg.run.RunFolder;
import org.w2sg.run.RunSettings;
import org.w2sg.run.Shard;
import org.w2sg.run.Unit;
import org.w2sg.run.UnitResult;

/** Export of a ledger whose PGR follows a known logistic in ln(tokens): the transition must come back. */
class ExporterTest {
    @TempDir
    Path dir;

    static final double MID_TOKENS = 4e9;
    static final double WIDTH = 0.8;

    /** Pythia-like steps, 3 seeds, layers 2..4; PGR = 0.7 * sigmoid((ln t - ln 4e9) / 0.8) + noise at layer 3. */
    static List<UnitResult> ledger() {
        long[] steps = {0, 16, 128, 512, 1000, 2000, 4000, 8000, 16000, 32000, 64000, 143000};
        SplittableRandom rng = new SplittableRandom(7);
        List<UnitResult> out = new ArrayList<>();
        for (long step : steps) {
            long tokens = step * 2097152L;
            for (int layer = 2; layer <= 4; layer++) {
                for (int seed = 0; seed < 3; seed++) {
                    double x = tokens > 0 ? Math.log(tokens) : Double.NEGATIVE_INFINITY;
                    double pgr = 0.7 / (1 + Math.exp(-(x - Math.log(MID_TOKENS)) / WIDTH)) + 0.01 * rng.nextGaussian();
                    double weak = 0.70;
                    double ceiling = 0.80 + 0.01 * layer;
                    double w2s = weak + pgr * (ceiling - weak);
                    List<Metric> ms = List.of(
                            Metric.of(MetricNames.WEAK_ACC, weak, weak - 0.02, weak + 0.02),
                            Metric.of(MetricNames.CEILING_ACC, ceiling, ceiling - 0.02, ceiling + 0.02),
                            Metric.of(MetricNames.W2S_ACC, w2s, w2s - 0.02, w2s + 0.02),
                            Metric.of(MetricNames.GAIN_ACC, w2s - weak, w2s - weak - 0.01, w2s - weak + 0.01),
                            step == 16 && seed == 0
                                    ? Metric.undefined(MetricNames.PGR_ACC, "pgr_undefined: acc ceiling-weak gap 0.0100 < floor 0.0200")
                                    : Metric.of(MetricNames.PGR_ACC, pgr, pgr - 0.05, pgr + 0.05));
                    out.add(new UnitResult("pythia-70m", new Unit(step == 0 ? "step0" : "step" + step, step, tokens,
                            "sst2", layer, seed), ms));
                }
            }
        }
        return out;
    }

    @Test
    void writesAllOutputsAndRecoversTheTransition() throws Exception {
        RunFolder folder = new RunFolder(dir.resolve("run"));
        folder.claim(new RunSettings("pythia-70m", List.of("sst2"), "2,3,4", List.of(0, 1, 2), 100, 100, 100,
                "noisy-gold:0.2", "mean", 64, "soft", new RunSettings.Probe(5, List.of(1.0), 100, 0.02)));
        try (Ledger l = Ledger.openForAppend(folder.dir(), Shard.ALL)) {
            for (UnitResult r : ledger()) l.append(r);
        }
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        Exporter.Result res = Exporter.export(folder, new PrintStream(text, true));
        assertEquals(12 * 3 * 3, res.units());

        List<String> emergence = Files.readAllLines(folder.emergenceCsv());
        assertEquals(1 + 12 * 3 * 3 * 5, emergence.size());
        List<String> summary = Files.readAllLines(folder.summaryCsv());
        assertEquals(1 + 12 * 3, summary.size(), "one row per step and layer of the one dataset");
        assertTrue(summary.get(1).startsWith("pythia-70m,step0,0,0,sst2,2,noisy-gold:0.2,3,"), summary.get(1));
        assertTrue(summary.get(0).contains(",pgr_acc,pgr_acc_ci_low,pgr_acc_ci_high,gain_over_headroom_acc,"), summary.get(0));

        JsonNode t = new ObjectMapper().readTree(folder.transitionJson().toFile()).path("datasets").path("sst2");
        assertEquals(3, t.path("layer").asInt(), "headline layer is the middle of those swept");
        JsonNode pgr = t.path("pgr_acc");
        assertTrue(pgr.path("fitted").asBoolean(), pgr.toString());
        // the curve the data were drawn from: midpoint 4e9 tokens, width 0.8; noise 0.01 on a 0.7 rise
        assertEquals(Math.log(MID_TOKENS), Math.log(pgr.path("midpoint_tokens").asDouble()), 0.1);
        assertEquals(WIDTH, pgr.path("width").asDouble(), 0.1);
        assertEquals(0.0, pgr.path("bottom").asDouble(), 0.03);
        assertEquals(0.7, pgr.path("top").asDouble(), 0.03);
        assertTrue(pgr.path("midpoint_tokens_ci").get(0).asDouble() < MID_TOKENS
                && MID_TOKENS < pgr.path("midpoint_tokens_ci").get(1).asDouble(), pgr.toString());
        assertEquals("", pgr.path("flags").asText(), "a clear, well-sampled rise raises no caveat");
        assertTrue(pgr.path("transition_present").asBoolean(), pgr.toString());
        assertEquals("logistic", pgr.path("best_model").asText());
        // steps 0 (no tokens) and 16 (PGR 0.0001 of a 0.13 gap: defined) : 11 steps with tokens > 0
        assertEquals(11, pgr.path("steps_used").asInt(), pgr.toString());
        assertEquals(0, pgr.path("resamples_rejected").asInt());
        // PGR is 0 (+-0.01 noise) before the rise: the interval first clears 0 at step 512 (expected PGR 0.11) or
        // later; never before
        assertTrue(List.of("step512", "step1000").contains(t.path("first_step_pgr_ci_above_0").path("revision").asText()),
                t.path("first_step_pgr_ci_above_0").toString());
        assertEquals(11, t.path("pgr_vs_ceiling_acc_first_differences").path("pairs").asInt(), "12 steps with a defined PGR");
        // the ceiling (0.83) is above the weak accuracy (0.70) at every step: no crossing inside the sweep
        assertTrue(t.path("ceiling_acc").path("crosses_weak_at_tokens").isNull(), t.path("ceiling_acc").toString());
        assertTrue(t.path("gain_over_headroom_acc").path("fitted").asBoolean());
        assertEquals("seeds and test rows", t.path("interval_scope").asText());

        List<String> header = List.of(summary.get(0).split(","));
        int pgrCol = header.indexOf("pgr_acc");
        String[] step512 = summary.stream().filter(l -> l.contains(",step512,") && l.contains(",sst2,3,")).findFirst()
                .orElseThrow().split(",", -1);
        // ratio of the seed means: mean gain / mean gap, the seeds' PGR noise averaged
        assertEquals(0.7 / (1 + Math.exp(-(Math.log(512 * 2097152.0) - Math.log(MID_TOKENS)) / WIDTH)),
                Double.parseDouble(step512[pgrCol]), 0.03);
        assertTrue(Double.parseDouble(step512[pgrCol + 1]) < Double.parseDouble(step512[pgrCol])
                && Double.parseDouble(step512[pgrCol]) < Double.parseDouble(step512[pgrCol + 2]));

        JsonNode run = new ObjectMapper().readTree(folder.runJson().toFile());
        assertEquals(108, run.path("units_finished").asInt());
        assertEquals(folder.recordedSettings().fingerprint(), run.path("fingerprint").asText());
        assertFalse(run.path("versions").path("java").asText().isEmpty());

        for (String png : List.of("pgr-sst2.png", "accuracy-sst2.png", "ceiling-layers-sst2.png")) {
            BufferedImage img = ImageIO.read(folder.plots().resolve(png).toFile());
            assertNotNull(img, png);
            assertEquals(900, img.getWidth(), png);
        }
        String printed = text.toString();
        assertTrue(printed.contains("sst2, layer 3: PGR midpoint"), printed);
    }

    @Test
    void exportOfAFolderWithoutResultsSaysWhatToDo() {
        var e = assertThrows(UserException.class, () -> Exporter.export(new RunFolder(dir.resolve("nothing")),
                new PrintStream(new ByteArrayOutputStream())));
        assertTrue(e.getMessage().contains("run the sweep first"), e.getMessage());
    }

    @Test
    void theFittedCurvesLegendCarriesTheCaveats() {
        var c = new org.w2sg.stats.LogisticCurve(0, 0.7, Math.log(4e9), 0.8);
        var inRange = new org.w2sg.stats.Interval(Math.log(3e9), Math.log(5e9));
        var flat = new org.w2sg.stats.SummaryCurveFit(c, 10, new org.w2sg.stats.LogisticCurve[0], new double[0],
                new org.w2sg.stats.Interval(Math.log(1e6), Math.log(1e13)), inRange, inRange, inRange, 0, 0.4, 0.5, 0.3, "constant");
        double[] swept = {Math.log(1e8), Math.log(3e11)};
        assertEquals("logistic fit, midpoint 4.00B tokens (no clear transition; midpoint interval unbounded)",
                PgrPlot.fitLabel(flat, swept));
        var clean = new org.w2sg.stats.SummaryCurveFit(c, 10, new org.w2sg.stats.LogisticCurve[0], new double[0],
                inRange, inRange, inRange, inRange, 0, 0.001, 0.002, 0.001, "logistic");
        assertEquals("logistic fit, midpoint 4.00B tokens", PgrPlot.fitLabel(clean, swept));
        assertEquals("3.00B .. unbounded", TransitionReport.range(new org.w2sg.stats.Interval(Math.log(3e9), 400), swept));
    }

    @Test
    void plotFileNamesStayInThePlotsFolder() {
        assertEquals("sst2", Exporter.fileName("sst2"));
        assertEquals("my", Exporter.fileName("cards/my.yaml"));
        assertEquals("my", Exporter.fileName("../elsewhere/my.yml"));
        assertEquals("my_data", Exporter.fileName("my data.yaml"));
    }
}
