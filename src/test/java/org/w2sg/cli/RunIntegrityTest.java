package org.w2sg.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w2sg.run.Ledger;
import org.w2sg.sweep.TinyCheckpoints;

/**
 * A run folder holds one model's results: another checkpoint folder of the same name (other weights) or another weak
 * supervisor is refused before any work, naming the revision; a run that fails before its first unit binds the folder
 * to nothing; corrupt local checkpoints are all named before the first unit.
 */
class RunIntegrityTest {
    @TempDir
    static Path tmp;

    static Path model;
    static Path weak;

    @BeforeAll
    static void buildCheckpoints() throws Exception {
        model = tmp.resolve("a/tiny");
        TinyCheckpoints.write(model.resolve("step1"), 1);
        TinyCheckpoints.write(model.resolve("step8"), 2);
        weak = TinyCheckpoints.write(tmp.resolve("a/tiny-weak"), 99);
    }

    static List<String> args(Path out, String... overrides) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("--model", model.toString());
        o.put("--tokens-per-step", "2097152");
        o.put("--steps", "all");
        o.put("--seeds", "0");
        o.put("--n-weak", "24");
        o.put("--n-transfer", "24");
        o.put("--n-test", "16");
        o.put("--weak", weak + ":1");
        o.put("--cv", "2");
        o.put("--lambdas", "10");
        o.put("--bootstrap", "20");
        o.put("--max-length", "32");
        o.put("--device", "cpu");
        o.put("--out", out.toString());
        for (int i = 0; i < overrides.length; i += 2) o.put(overrides[i], overrides[i + 1]);
        List<String> a = new ArrayList<>(List.of("--no-progress"));
        o.forEach((k, v) -> a.addAll(List.of(k, v)));
        return a;
    }

    @Test
    void anotherCheckpointFolderOfTheSameNameIsRefusedBeforeAnyWork() throws Exception {
        Path out = tmp.resolve("bound");
        var first = SweepEndToEndTest.main(args(out, "--steps", "step1"));
        assertEquals(0, first.code(), first.out() + first.err());

        // same folder names, same shapes, other weights: b/tiny/step1 is another training run's step1
        Path other = tmp.resolve("b/tiny");
        TinyCheckpoints.write(other.resolve("step1"), 7);
        TinyCheckpoints.write(other.resolve("step8"), 8);
        long before = Ledger.readAll(out).size();
        var mixed = SweepEndToEndTest.main(args(out, "--model", other.toString()));
        assertEquals(2, mixed.code(), mixed.out() + mixed.err());
        assertTrue(mixed.err().contains("step1: recorded the local folder " + model.resolve("step1"))
                && mixed.err().contains("now the local folder " + other.resolve("step1"))
                && mixed.err().contains("new --out") && mixed.err().contains("delete " + out), mixed.err());
        assertFalse(mixed.out().contains("to run"), "refused before any work: " + mixed.out());
        assertEquals(before, Ledger.readAll(out).size());

        // the weak supervisor too: same name and layer, other weights
        Path otherWeak = TinyCheckpoints.write(tmp.resolve("b/tiny-weak"), 98);
        var weakMixed = SweepEndToEndTest.main(args(out, "--weak", otherWeak + ":1"));
        assertEquals(2, weakMixed.code(), weakMixed.out() + weakMixed.err());
        assertTrue(weakMixed.err().contains("the weak supervisor tiny-weak@tiny-weak:1: recorded"), weakMixed.err());

        // the same checkpoints again (more steps): accepted
        var more = SweepEndToEndTest.main(args(out));
        assertEquals(0, more.code(), more.out() + more.err());
        assertTrue(more.out().contains("1 already done, 1 to run"), more.out());
        // run.json lists both processes' options (the first ran step1 only), with JSON nulls
        var run = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("run.json").toFile());
        assertEquals(2, run.path("invocations").size(), run.path("invocations").toString());
        assertEquals("step1", run.path("invocations").get(0).path("options").path("steps").asText());
        assertEquals("all", run.path("invocations").get(1).path("options").path("steps").asText());
    }

    @Test
    void aRunThatFailsBeforeItsFirstUnitBindsNothing() throws Exception {
        Path out = tmp.resolve("failed-start");
        // the model's max_position_embeddings is 2048: extraction refuses, after the checks, before any unit
        var failed = SweepEndToEndTest.main(args(out, "--max-length", "4096"));
        assertNotEquals(0, failed.code(), failed.out() + failed.err());
        assertFalse(Files.exists(out.resolve("config.json")), "nothing bound");
        assertFalse(Files.exists(Ledger.directory(out)), "no ledger, locks or identities left");

        var other = SweepEndToEndTest.main(args(out, "--steps", "step8"));
        assertEquals(0, other.code(), "the folder takes a run with other settings: " + other.err());
    }

    @Test
    void corruptLocalCheckpointsAreAllNamedBeforeTheFirstUnit() throws Exception {
        Path broken = tmp.resolve("c/tiny");
        TinyCheckpoints.write(broken.resolve("step1"), 1);
        TinyCheckpoints.write(broken.resolve("step8"), 2);
        TinyCheckpoints.write(broken.resolve("step64"), 3);
        try (RandomAccessFile f = new RandomAccessFile(broken.resolve("step1/model.safetensors").toFile(), "rw")) {
            f.setLength(f.length() - 100); // truncated copy
        }
        Files.writeString(broken.resolve("step8/config.json"), "{\"model_type\": \"gpt_neox\",\n  \"hidden_size\": 32,,}");
        Files.delete(broken.resolve("step64/tokenizer.json"));
        Path out = tmp.resolve("corrupt");
        var run = SweepEndToEndTest.main(args(out, "--model", broken.toString()));
        assertEquals(2, run.code(), run.out() + run.err());
        String err = run.err();
        assertTrue(err.contains("3 problem(s) in local checkpoints"), err);
        assertTrue(err.contains("tiny@step1: ") && err.contains("truncated"), err);
        assertTrue(err.contains("tiny@step8: ") && err.contains("config.json") && err.contains("line 2"), err);
        assertTrue(err.contains("tiny@step64: ") && err.contains("no tokenizer.json"), err);
        assertEquals(1, err.lines().filter(l -> l.startsWith("error:")).count(), "one error line: " + err);
        assertFalse(Files.exists(out), "nothing written");
    }
}
