package org.w2sg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w2sg.probe.MetricNames;
import org.w2sg.run.Ledger;
import org.w2sg.run.Metric;
import org.w2sg.run.RunFolder;
import org.w2sg.run.RunSettings;
import org.w2sg.run.Shard;
import org.w2sg.run.Unit;
import org.w2sg.run.UnitResult;

/**
 * Two runs with known PGR midpoints (pythia-70m at 4e9 tokens, pythia-160m at 1.6e10), the first split over two
 * folders as two machines would leave it: compare merges the halves by their settings, recovers both midpoints, takes
 * the parameter counts from the registry, and writes its tables and plots.
 */
class CompareCommandTest {
    @TempDir
    Path dir;

    static List<UnitResult> ledger(String model, double midTokens, long seed) {
        long[] steps = {16, 128, 512, 1000, 2000, 4000, 8000, 16000, 32000, 64000, 143000};
        SplittableRandom rng = new SplittableRandom(seed);
        List<UnitResult> out = new ArrayList<>();
        for (long step : steps) {
            long tokens = step * 2097152L;
            for (int s = 0; s < 2; s++) {
                double pgr = 0.7 / (1 + Math.exp(-(Math.log(tokens) - Math.log(midTokens)) / 0.8)) + 0.01 * rng.nextGaussian();
                double w2s = 0.7 + pgr * 0.1;
                out.add(new UnitResult(model, new Unit("step" + step, step, tokens, "sst2", 3, s), List.of(
                        Metric.of(MetricNames.WEAK_ACC, 0.7, 0.68, 0.72), Metric.of(MetricNames.CEILING_ACC, 0.8, 0.78, 0.82),
                        Metric.of(MetricNames.W2S_ACC, w2s, w2s - 0.02, w2s + 0.02),
                        Metric.of(MetricNames.GAIN_ACC, w2s - 0.7, w2s - 0.71, w2s - 0.69),
                        Metric.of(MetricNames.PGR_ACC, pgr, pgr - 0.05, pgr + 0.05))));
            }
        }
        return out;
    }

    static void write(Path run, String model, List<UnitResult> units) throws Exception {
        RunFolder folder = new RunFolder(run);
        folder.claim(new RunSettings(model, List.of("sst2"), "3", List.of(0, 1), 100, 100, 100, "noisy-gold:0.2", "last",
                64, "soft", new RunSettings.Probe(5, List.of(1.0), 50, 0.02)));
        try (Ledger l = Ledger.openForAppend(folder.dir(), Shard.ALL)) {
            for (UnitResult r : units) l.append(r);
        }
    }

    @Test
    void mergesShardsAndComparesTwoModels() throws Exception {
        List<UnitResult> small = ledger("pythia-70m", 4e9, 1);
        write(dir.resolve("small-a"), "pythia-70m", small.subList(0, 10));
        write(dir.resolve("small-b"), "pythia-70m", small.subList(10, small.size()));
        write(dir.resolve("large"), "pythia-160m", ledger("pythia-160m", 1.6e10, 2));
        Path out = dir.resolve("cmp");
        SweepEndToEndTest.Run r = SweepEndToEndTest.main(List.of("compare", dir.resolve("small-a").toString(),
                dir.resolve("small-b").toString(), dir.resolve("large").toString(), "--out", out.toString()));
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("small-a+small-b"), r.out());

        List<String> mids = Files.readAllLines(out.resolve("midpoints.csv"));
        assertEquals(3, mids.size(), String.join("\n", mids));
        double[] want = {4e9, 1.6e10};
        long[] params = new long[2];
        for (int i = 0; i < 2; i++) {
            String[] f = mids.get(1 + i).split(",", -1);
            assertEquals("true", f[6], mids.get(1 + i));
            assertEquals(Math.log(want[i]), Math.log(Double.parseDouble(f[7])), 0.15, mids.get(1 + i));
            params[i] = Long.parseLong(f[2]);
            assertEquals(6.0 * params[i] * Double.parseDouble(f[7]), Double.parseDouble(f[10]), 1e-6 * Double.parseDouble(f[10]));
        }
        assertTrue(params[0] > 1e7 && params[1] > 2 * params[0], "registry parameter counts: " + params[0] + ", " + params[1]);

        List<String> tidy = Files.readAllLines(out.resolve("compare.csv"));
        assertEquals("run,model,parameters,weak,dataset,layer,revision,step,tokens,compute,metric,value,ci_low,ci_high,seeds,flags", tidy.get(0));
        assertEquals(1 + 2 * 11 * org.w2sg.report.StepSummary.COLUMNS.size(), tidy.size(), "2 runs x 11 steps x the summary metrics");
        for (String png : List.of("pgr-vs-tokens-sst2.png", "pgr-vs-compute-sst2.png", "gain-vs-tokens-sst2.png",
                "ceiling-vs-compute-sst2.png", "midpoint-vs-size-sst2.png")) {
            assertTrue(Files.size(out.resolve(png)) > 5000, png);
        }
    }

    @Test
    void aFolderThatIsNoRunIsAUserError() throws Exception {
        Files.createDirectories(dir.resolve("empty"));
        SweepEndToEndTest.Run r = SweepEndToEndTest.main(List.of("compare", dir.resolve("empty").toString(), "--out",
                dir.resolve("cmp").toString()));
        assertEquals(2, r.code());
        assertTrue(r.err().contains("not a sweep run folder"), r.err());
    }
}
