package org.w2sg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w2sg.report.KnownMidpoints;
import org.w2sg.run.Ledger;
import org.w2sg.run.RunFolder;
import org.w2sg.run.RunSettings;
import org.w2sg.run.Shard;
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
        return KnownMidpoints.ledger(model, null, midTokens, seed);
    }

    static void write(Path run, String model, List<UnitResult> units) throws Exception {
        write(run, model, "noisy-gold:0.2", units);
    }

    /** A run folder of {@code model} whose settings name the weak supervisors {@code weak} (several joined by ','). */
    static void write(Path run, String model, String weak, List<UnitResult> units) throws Exception {
        RunFolder folder = new RunFolder(run);
        folder.claim(new RunSettings(model, List.of("sst2"), "3", List.of(0, 1), 100, 100, 100, weak, "last",
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

    static final String A = "noisy-gold:0.2";
    static final String B = "noisy-gold:0.4";

    /** midpoints.csv's rows of {@code run}, by weak supervisor (column 3), failing on a supervisor named twice. */
    static java.util.Map<String, String[]> midpointsOf(Path out, String run) throws Exception {
        java.util.Map<String, String[]> rows = new java.util.TreeMap<>();
        for (String line : Files.readAllLines(out.resolve("midpoints.csv"))) {
            String[] f = line.split(",", -1);
            if (f[0].equals(run)) assertEquals(null, rows.put(f[3], f), "one row per supervisor: " + line);
        }
        return rows;
    }

    /**
     * A run swept with two weak supervisors (--weak A,B) whose PGR curves have their transitions 4x apart, beside a
     * run with one: compare gives one midpoint row per supervisor, named by it, each recovering its own curve's
     * midpoint (one curve mixing them would put a single midpoint between the two).
     */
    @Test
    void aRunSweptWithTwoSupervisorsGivesOneMidpointRowEach() throws Exception {
        List<UnitResult> units = new java.util.ArrayList<>(KnownMidpoints.ledger("pythia-70m", A, 4e9, 1));
        units.addAll(KnownMidpoints.ledger("pythia-70m", B, 1.6e10, 2));
        write(dir.resolve("lab"), "pythia-70m", A + "," + B, units);
        write(dir.resolve("large"), "pythia-160m", ledger("pythia-160m", 8e9, 3));
        Path out = dir.resolve("cmp");
        SweepEndToEndTest.Run r = SweepEndToEndTest.main(List.of("compare", dir.resolve("lab").toString(),
                dir.resolve("large").toString(), "--out", out.toString()));
        assertEquals(0, r.code(), r.out() + r.err());

        var lab = midpointsOf(out, "lab");
        assertEquals(java.util.Set.of(A, B), lab.keySet(), "the lab run's supervisors, each by its own name");
        assertEquals(Math.log(4e9), Math.log(Double.parseDouble(lab.get(A)[7])), 0.15, String.join(",", lab.get(A)));
        assertEquals(Math.log(1.6e10), Math.log(Double.parseDouble(lab.get(B)[7])), 0.15, String.join(",", lab.get(B)));
        assertEquals(java.util.Set.of(A), midpointsOf(out, "large").keySet(), "the one-supervisor run: its settings' name");
        for (String w : List.of(A, B)) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith("lab ") && l.contains(" " + w + " ")), w + " printed:\n" + r.out());
        }

        // compare.csv: every lab row names one supervisor, the same number each
        java.util.Map<String, Long> rows = Files.readAllLines(out.resolve("compare.csv")).stream().skip(1)
                .map(l -> l.split(",", -1)).filter(f -> f[0].equals("lab"))
                .collect(java.util.stream.Collectors.groupingBy(f -> f[3], java.util.stream.Collectors.counting()));
        long each = (long) KnownMidpoints.STEPS.length * org.w2sg.report.StepSummary.COLUMNS.size();
        assertEquals(java.util.Map.of(A, each, B, each), rows);
    }

    /**
     * The same two-supervisor run in two folders, as two machines leave it: one from before units named their
     * supervisor (its records name none; its settings say A) holding A's first steps, the other naming A for the rest
     * and B for all. Merged, A is one curve of all its steps, not a nameless half beside a named half.
     */
    @Test
    void aCopyFromBeforeUnitsNamedTheirSupervisorMergesIntoItsCurve() throws Exception {
        List<UnitResult> a = KnownMidpoints.ledger("pythia-70m", A, 4e9, 1);
        int half = a.size() / 2;
        write(dir.resolve("old"), "pythia-70m", A, a.subList(0, half).stream()
                .map(u -> new UnitResult(u.model(), new org.w2sg.run.Unit(u.unit().revision(), u.unit().step(),
                        u.unit().tokens(), u.unit().dataset(), u.unit().layer(), u.unit().seed()), u.metrics(), null, null))
                .toList());
        List<UnitResult> rest = new java.util.ArrayList<>(a.subList(half, a.size()));
        rest.addAll(KnownMidpoints.ledger("pythia-70m", B, 1.6e10, 2));
        write(dir.resolve("new"), "pythia-70m", A + "," + B, rest);
        Path out = dir.resolve("cmp");
        SweepEndToEndTest.Run r = SweepEndToEndTest.main(List.of("compare", dir.resolve("old").toString(),
                dir.resolve("new").toString(), "--out", out.toString()));
        assertEquals(0, r.code(), r.out() + r.err());
        var merged = midpointsOf(out, "old+new");
        assertEquals(java.util.Set.of(A, B), merged.keySet());
        assertEquals(Integer.toString(KnownMidpoints.STEPS.length), merged.get(A)[13], "A's defined steps: both halves");
        assertEquals(Math.log(4e9), Math.log(Double.parseDouble(merged.get(A)[7])), 0.15, String.join(",", merged.get(A)));
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
