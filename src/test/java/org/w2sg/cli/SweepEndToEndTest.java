package org.w2sg.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w2sg.data.DatasetLoader;
import org.w2sg.data.LabeledDataset;
import org.w2sg.data.SplitPart;
import org.w2sg.data.SplitSizes;
import org.w2sg.data.Splits;
import org.w2sg.data.Splitter;
import org.w2sg.io.SharedDir;
import org.w2sg.run.Ledger;
import org.w2sg.run.Shard;
import org.w2sg.sweep.TinyCheckpoints;

/**
 * The whole job on a small model: four revisions of a GPT-NeoX with Pythia's real vocabulary shape (so the real
 * GPT-NeoX-20B tokenizer fits) but a tiny hidden size, in a local folder of checkpoints, swept on real SST-2 from the
 * shared folder with a local weak model. An uninterrupted run and a run killed with SIGKILL in a child JVM and then
 * resumed must write byte-identical CSVs; bad input must exit 2 with a message that says what to do.
 */
class SweepEndToEndTest {
    @TempDir
    static Path tmp;

    static Path repo;
    static Path weak;

    @BeforeAll
    static void buildCheckpoints() throws Exception {
        assertTrue(Files.isRegularFile(TinyCheckpoints.tokenizer()),
                "the real tokenizer is read from the shared folder: " + TinyCheckpoints.tokenizer());
        repo = tmp.resolve("tiny-pythia");
        long seed = 1;
        for (String rev : List.of("step1", "step8", "step64", "step512")) TinyCheckpoints.write(repo.resolve(rev), seed++);
        weak = TinyCheckpoints.write(tmp.resolve("tiny-weak"), 99);
    }

    /** The test's sweep options; {@code overrides} are option/value pairs that replace (or add to) them. */
    static List<String> args(Path out, String... overrides) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("--model", repo.toString());
        o.put("--tokens-per-step", "2097152");
        o.put("--steps", "all");
        o.put("--datasets", "sst2");
        o.put("--seeds", "0,1");
        o.put("--n-weak", "64");
        o.put("--n-transfer", "64");
        o.put("--n-test", "64");
        o.put("--weak", weak + ":1");
        o.put("--cv", "3");
        o.put("--lambdas", "1,100");
        o.put("--bootstrap", "100");
        o.put("--max-length", "64");
        o.put("--device", "cpu");
        o.put("--out", out.toString());
        for (int i = 0; i < overrides.length; i += 2) o.put(overrides[i], overrides[i + 1]);
        List<String> a = new ArrayList<>(List.of("--no-progress"));
        o.forEach((k, v) -> a.addAll(List.of(k, v)));
        return a;
    }

    record Run(int code, String out, String err) {}

    static Run main(List<String> args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args.toArray(String[]::new));
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** The same command in a fresh JVM (the harness as a user runs it), output to files. */
    static Process child(List<String> args, Path log) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx1g", "-Dai.djl.offline=true",
                "-DW2SG_SHARED=" + SharedDir.root(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OPT_OUT_TRACKING", "true");
        return pb.start();
    }

    static long ledgerLines(Path out) throws Exception {
        Path f = Ledger.fileFor(out, Shard.ALL);
        if (!Files.exists(f)) return 0;
        return new String(Files.readAllBytes(f), StandardCharsets.UTF_8).chars().filter(c -> c == '\n').count();
    }

    @Test
    void killedAndResumedRunWritesTheSameTablesAsAnUninterruptedOne() throws Exception {
        long t0 = System.nanoTime();
        Path whole = tmp.resolve("whole");
        Run first = main(args(whole));
        assertEquals(0, first.code(), first.out() + first.err());
        assertTrue(first.out().contains("8 units"), first.out());
        for (String f : List.of("emergence.csv", "summary.csv", "run.json", "transition.json", "config.json",
                "plots/pgr-sst2.png", "plots/accuracy-sst2.png", "plots/ceiling-layers-sst2.png")) {
            assertTrue(Files.size(whole.resolve(f)) > 0, f);
        }
        List<String> emergence = Files.readAllLines(whole.resolve("emergence.csv"));
        assertEquals("model,revision,step,tokens,dataset,layer,weak,seed,metric,value,ci_low,ci_high,flags", emergence.get(0));
        int geometry = org.w2sg.geometry.GeometryResult.names(org.w2sg.geometry.GeometryOptions.DEFAULT_KS,
                org.w2sg.geometry.GeometryOptions.DEFAULT_FEW_SHOT).size();
        assertEquals(1 + 8 * (15 + geometry), emergence.size(), "4 revisions x 2 seeds x (15 + " + geometry + " geometry) metrics");
        assertTrue(emergence.stream().anyMatch(l -> l.contains(",geo_pc1_gold_cos,")), "geometry rows");
        assertTrue(Files.exists(whole.resolve("plots/geometry-sst2.png")), "geometry plot");
        assertTrue(Files.readString(whole.resolve("transition.json")).contains("\"geometry_vs_pgr\""), "partial correlations");
        assertTrue(Files.readAllLines(whole.resolve("summary.csv")).get(0).contains(",geo_diffmeans_acc,"), "summary columns");
        assertTrue(emergence.get(1).startsWith("tiny-pythia,step1,1,2097152,sst2,1,tiny-weak@tiny-weak:1,0,weak_acc,"),
                emergence.get(1));
        // one summary line per finished revision: step, tokens, weak, ceiling, w2s, PGR
        assertTrue(first.out().lines().anyMatch(l -> l.startsWith("step512") && l.contains("1.07B tokens")
                && l.contains("weak ") && l.contains("ceiling ") && l.contains("w2s ") && l.contains("PGR ")), first.out());
        JsonNode run = new ObjectMapper().readTree(whole.resolve("run.json").toFile());
        assertEquals(4, run.path("checkpoints").size());
        assertEquals(64, run.path("checkpoints").path("step8").path("files_sha256").path("model.safetensors").asText().length());
        long tWhole = System.nanoTime() - t0;

        // the strong model's store entries hold B and T only (A is the weak supervisor's); the weak model's all three
        LabeledDataset sst2 = new DatasetLoader(SharedDir.data()).load("sst2");
        Set<String> bt = new HashSet<>();
        Set<String> abt = new HashSet<>();
        for (long seed : new long[] {0, 1}) {
            Splits s = Splitter.split(sst2, new SplitSizes(64, 64, 64), seed);
            SplitPart.examples(s, SplitPart.TRANSFER_AND_TEST).forEach(e -> bt.add(e.id()));
            s.all().forEach(e -> abt.add(e.id()));
        }
        assertTrue(abt.size() > bt.size());
        for (String rev : List.of("step1", "step8", "step64", "step512")) {
            assertEquals(bt, Set.copyOf(Files.readAllLines(whole.resolve("activations/tiny-pythia/" + rev + "/sst2/ids.txt"))), rev);
        }
        assertEquals(abt, Set.copyOf(Files.readAllLines(whole.resolve("activations/tiny-weak/tiny-weak/sst2/ids.txt"))));

        // the folder now belongs to this configuration
        Run other = main(args(whole, "--seeds", "0"));
        assertEquals(2, other.code());
        assertTrue(other.err().contains("seeds was [0,1], now [0]") && other.err().contains("new --out"), other.err());

        // the same sweep in a child JVM, killed with SIGKILL once it has finished 3 units, then resumed here
        Path broken = tmp.resolve("broken");
        Process p = child(args(broken), tmp.resolve("child.log"));
        long finished;
        while ((finished = ledgerLines(broken)) < 3 && p.isAlive()) Thread.sleep(20);
        p.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no flushing
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertTrue(finished >= 3 && finished < 8, "the child must be killed mid-run (had " + finished + " units): "
                + Files.readString(tmp.resolve("child.log")));
        long kept = Ledger.readAll(broken).size();
        assertFalse(Files.exists(broken.resolve("emergence.csv")), "nothing exported before the plan is complete");

        Run resumed = main(args(broken));
        assertEquals(0, resumed.code(), resumed.out() + resumed.err());
        assertTrue(resumed.out().contains(kept + " already done, " + (8 - kept) + " to run"), resumed.out());
        for (String f : List.of("emergence.csv", "summary.csv", "transition.json")) {
            assertEquals(Files.readString(whole.resolve(f)), Files.readString(broken.resolve(f)), f + " differs");
        }
        System.out.printf("end-to-end: uninterrupted sweep %.1f s, whole test %.1f s%n", tWhole / 1e9,
                (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Two weak supervisors in one sweep (the tiny checkpoint's gold probe and label noise): a curve, a summary row and a
     * transition each; a run killed mid-way resumes to the same tables; and a finished one-supervisor run given a
     * second supervisor runs only the new supervisor's units and ends with the same tables.
     */
    @Test
    void severalWeakSupervisorsGiveOneCurveEachResumeAndGrow() throws Exception {
        String both = weak + ":1,noisy-gold:0.2";
        Path whole = tmp.resolve("two-weak");
        Run first = main(twoWeakArgs(whole, both));
        assertEquals(0, first.code(), first.out() + first.err());
        assertTrue(first.out().contains("8 units") && first.out().contains("0 already done, 8 to run"), first.out());
        List<String> emergence = Files.readAllLines(whole.resolve("emergence.csv"));
        Set<String> supervisors = new HashSet<>();
        for (String line : emergence.subList(1, emergence.size())) supervisors.add(line.split(",")[6]);
        assertEquals(Set.of("tiny-weak@tiny-weak:1", "noisy-gold:0.2"), supervisors);
        List<String> summary = Files.readAllLines(whole.resolve("summary.csv"));
        assertEquals(1 + 4 * 2, summary.size(), "a row per step and supervisor");
        assertTrue(summary.get(0).startsWith("model,revision,step,tokens,dataset,layer,weak,seeds,"), summary.get(0));
        // noisy-gold:0.2's own accuracy on T is near 0.8; the tiny random checkpoint's gold probe near chance
        for (String row : summary.subList(1, summary.size())) {
            double weakAcc = Double.parseDouble(row.split(",")[8]);
            if (row.contains(",noisy-gold:0.2,")) assertEquals(0.8, weakAcc, 0.15, row);
            else assertEquals(0.5, weakAcc, 0.2, row);
        }
        JsonNode t = new ObjectMapper().readTree(whole.resolve("transition.json").toFile()).path("datasets");
        assertEquals(2, t.size(), t.toString());
        assertEquals("noisy-gold:0.2", t.path("sst2 weak=noisy-gold:0.2").path("weak").asText(), t.toString());
        assertEquals("sst2", t.path("sst2 weak=tiny-weak@tiny-weak:1").path("dataset").asText(), t.toString());
        assertTrue(Files.size(whole.resolve("plots/pgr-sst2.png")) > 0);
        assertTrue(Files.exists(whole.resolve("plots/lambda-sst2-weak-noisy-gold_0.2.png")));

        // killed in a child JVM after 3 units, then resumed: the same tables
        Path broken = tmp.resolve("two-weak-broken");
        Process p = child(twoWeakArgs(broken, both), tmp.resolve("child-two-weak.log"));
        long finished;
        while ((finished = ledgerLines(broken)) < 3 && p.isAlive()) Thread.sleep(20);
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertTrue(finished >= 3 && finished < 8, "the child must be killed mid-run (had " + finished + " units): "
                + Files.readString(tmp.resolve("child-two-weak.log")));
        long kept = Ledger.readAll(broken).size();
        Run resumed = main(twoWeakArgs(broken, both));
        assertEquals(0, resumed.code(), resumed.out() + resumed.err());
        assertTrue(resumed.out().contains(kept + " already done, " + (8 - kept) + " to run"), resumed.out());
        for (String f : List.of("emergence.csv", "summary.csv", "transition.json", "lambda.csv")) {
            assertEquals(Files.readString(whole.resolve(f)), Files.readString(broken.resolve(f)), f + " differs");
        }

        // one supervisor first, then both in the same folder: only the new supervisor's 4 units run
        Path grown = tmp.resolve("two-weak-grown");
        Run one = main(twoWeakArgs(grown, weak + ":1"));
        assertEquals(0, one.code(), one.out() + one.err());
        Run added = main(twoWeakArgs(grown, both));
        assertEquals(0, added.code(), added.out() + added.err());
        assertTrue(added.out().contains("8 units") && added.out().contains("4 already done, 4 to run"), added.out());
        assertEquals(8, Ledger.readAll(grown).size());
        for (String f : List.of("emergence.csv", "summary.csv", "transition.json", "lambda.csv")) {
            assertEquals(Files.readString(whole.resolve(f)), Files.readString(grown.resolve(f)), f + " differs");
        }
    }

    /** A quick sweep: one seed, no geometry, these weak supervisors. */
    private static List<String> twoWeakArgs(Path out, String weakSpecs) {
        List<String> a = args(out, "--seeds", "0", "--bootstrap", "50", "--weak", weakSpecs);
        a.add("--no-geometry");
        return a;
    }

    @Test
    void badInputExitsWithAMessageThatSaysWhatToDo() throws Exception {
        Path out = tmp.resolve("bad");
        Run alias = main(args(out, "--model", "pythia-9000"));
        assertEquals(2, alias.code());
        assertTrue(alias.err().contains("unknown model alias 'pythia-9000'") && alias.err().contains("did you mean"),
                alias.err());

        Run dataset = main(args(out, "--datasets", "sst3"));
        assertEquals(2, dataset.code());
        assertTrue(dataset.err().contains("sst3") && dataset.err().contains("sst2"), dataset.err());

        Run revision = main(args(out, "--steps", "step3"));
        assertEquals(2, revision.code());
        assertTrue(revision.err().contains("no revision 'step3'") && revision.err().contains("nearest"), revision.err());

        Run sizes = main(args(out, "--n-test", "2000"));
        assertEquals(2, sizes.code());
        assertTrue(sizes.err().contains("'sst2'") && sizes.err().contains("--n-test"), sizes.err());

        Run shard = main(args(out, "--shard", "3/2"));
        assertEquals(2, shard.code());
        assertTrue(shard.err().contains("--shard 1/2 ... --shard 2/2"), shard.err());

        // a local folder named step1 ... step512 says the steps but not the tokens
        Run tokens = main(args(out, "--tokens-per-step", "0"));
        assertEquals(2, tokens.code());
        assertTrue(tokens.err().contains("(step1, step8, step64, ...) do not say how many tokens")
                && tokens.err().contains("--tokens-per-step"), tokens.err());

        if (ai.djl.engine.Engine.getInstance().getGpuCount() == 0) {
            Run cuda = main(args(out, "--device", "cuda"));
            assertEquals(2, cuda.code());
            assertTrue(cuda.err().contains("--device cuda: no CUDA GPU is visible"), cuda.err());
        }
        assertFalse(Files.exists(out), "bad input leaves no output folder behind");
    }

    @Test
    void aSecondProcessOnTheSameFolderAndShardIsRefused() throws Exception {
        Path out = tmp.resolve("locked");
        Files.createDirectories(out);
        try (var held = org.w2sg.run.RunLock.shard(out, Shard.ALL)) {
            Process p = child(args(out, "--steps", "step1"), tmp.resolve("locked.log"));
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            String log = Files.readString(tmp.resolve("locked.log"));
            assertEquals(2, p.exitValue(), log);
            assertTrue(log.contains("already running") && log.contains("pid " + ProcessHandle.current().pid()), log);
        }
        assertEquals(0, ledgerLines(out), "the refused process wrote no result");
    }
}
