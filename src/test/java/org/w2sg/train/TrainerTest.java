package org.w2sg.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w2sg.io.SharedDir;

/** The training loop end to end on tiny shapes with the real GPT-NeoX tokenizer. */
class TrainerTest {
    static final Path TOKENIZER = SharedDir.tokenizers().resolve("gpt-neox-20b/20B_tokenizer.json");
    static final PrintStream QUIET = new PrintStream(java.io.OutputStream.nullOutputStream());

    static PretrainSettings settings(Path dir, Path corpus, int steps, String save) {
        Map<String, Object> config = TinyShapes.config(32, 2, 4, 50304, 0.25, true);
        return new PretrainSettings(config, corpus.toString(), dir.resolve("data"), TOKENIZER, dir.resolve("cache"),
                dir.resolve("run"), 16, 4, steps, 1e-2, 2, 1e-3, 0.1, 1.0, 7, new SaveSchedule(save), 0, 2, "cpu",
                false, 0);
    }

    /** Eight distinct words per line, repeated: every next token is determined by the current one. */
    static Path repeatedCorpus(Path dir) throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 300; i++) text.append("alpha beta gamma delta epsilon zeta eta theta\n");
        return Files.writeString(dir.resolve("repeated.txt"), text);
    }

    @Test
    void memorisesATinyRepeatedCorpus(@TempDir Path dir) throws Exception {
        Trainer.Outcome out = Trainer.run(settings(dir, repeatedCorpus(dir), 120, "every:60"), QUIET);
        assertTrue(out.complete());
        assertTrue(out.loss() < 0.1, "final training loss " + out.loss());
        assertTrue(out.validationLoss() < 0.1, "final validation loss " + out.validationLoss());
        List<String> log = Files.readAllLines(dir.resolve("run/train_log.csv"));
        assertEquals(TrainLog.HEADER, log.get(0));
        assertEquals(121, log.size());
        assertTrue(Double.parseDouble(log.get(1).split(",")[2]) > 5, "the first loss is near ln(50304) = 10.8: " + log.get(1));
        for (String row : log.subList(1, log.size())) {
            String[] cells = row.split(",", -1);
            assertEquals(8, cells.length, row);
            assertTrue(Long.parseLong(cells[7]) > 0, "the resident set after the update, MiB: " + row);
        }
        for (String f : List.of("run.json", "plots/loss.png", "step0/config.json", "step60/model.safetensors",
                "step120/tokenizer.json", "step120/trainer_state.json")) {
            assertTrue(Files.isRegularFile(dir.resolve("run").resolve(f)), f);
        }
        assertTrue(Files.readString(dir.resolve("run/step60/trainer_state.json")).contains("\"num_input_tokens_seen\" : 3840"));
        // the sweep reads the tokens seen from the folders, with no --tokens-per-step
        List<org.w2sg.registry.Revision> revisions = new org.w2sg.sweep.LocalCheckpoints(dir.resolve("run"), 0).revisions();
        assertEquals(List.of("step0", "step60", "step120"), revisions.stream().map(org.w2sg.registry.Revision::name).toList());
        assertEquals(List.of(0L, 3840L, 7680L), revisions.stream().map(org.w2sg.registry.Revision::tokens).toList());
    }

    /**
     * Killed after 3 updates (the state was saved at 2), then rerun: the final weights, moments and log equal an
     * uninterrupted run's bit for bit.
     */
    @Test
    void aResumedRunEqualsAnUninterruptedOne(@TempDir Path dir) throws Exception {
        Path corpus = repeatedCorpus(dir);
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Files.createDirectories(a);
        Files.createDirectories(b);
        Trainer.run(settings(a, corpus, 8, "every:4"), QUIET);
        // the state is saved every 2 updates; update 3 is lost with the "kill"
        Trainer.run(settings(b, corpus, 8, "every:4").withStopAfter(3), QUIET);
        Files.delete(b.resolve("run/state/state.json")); // a kill during the swap: state.old is what remains
        Files.move(b.resolve("run/state"), b.resolve("run/state.old"));
        assertTrue(Files.exists(b.resolve("run/state.old/weights.safetensors")));
        Trainer.Outcome resumed = Trainer.run(settings(b, corpus, 8, "every:4"), QUIET);
        assertTrue(resumed.complete());
        for (String f : List.of("step8/model.safetensors", "step4/model.safetensors", "state/moments.safetensors",
                "state/state.json")) {
            assertArrayEquals(Files.readAllBytes(a.resolve("run").resolve(f)), Files.readAllBytes(b.resolve("run").resolve(f)), f);
        }
        assertEquals(withoutSpeed(a.resolve("run/train_log.csv")), withoutSpeed(b.resolve("run/train_log.csv")));
        // extending: a larger --steps continues the finished run
        Trainer.Outcome extended = Trainer.run(settings(b, corpus, 10, "every:4"), QUIET);
        assertEquals(10, extended.updates());
        assertTrue(Files.isRegularFile(b.resolve("run/step10/model.safetensors")));
        assertEquals(11, Files.readAllLines(b.resolve("run/train_log.csv")).size());
    }

    /** The log without its last two columns (tokens/s and the resident set: the machine's, not the run's). */
    private static List<String> withoutSpeed(Path csv) throws Exception {
        return Files.readAllLines(csv).stream().map(l -> {
            String head = l.substring(0, l.lastIndexOf(','));
            return head.substring(0, head.lastIndexOf(','));
        }).toList();
    }

    @Test
    void saveLoadSaveIsByteIdentical(@TempDir Path dir) throws Exception {
        Trainer.run(settings(dir, repeatedCorpus(dir), 3, "every:3"), QUIET);
        Path first = dir.resolve("run/step3");
        Map<String, Object> config = TinyShapes.config(32, 2, 4, 50304, 0.25, true);
        try (NDManager m = NDManager.newBaseManager("PyTorch");
             TrainableGptNeoX model = TrainableGptNeoX.of(Trainer.modelConfig(config), m, DataType.FLOAT32,
                     CheckpointFolder.read(first.resolve("model.safetensors")))) {
            CheckpointFolder.write(dir.resolve("again/step3"), config, model, first.resolve("tokenizer.json"), 3, 3L * 4 * 16);
        }
        for (String f : List.of("model.safetensors", "config.json", "tokenizer.json", "trainer_state.json")) {
            assertArrayEquals(Files.readAllBytes(first.resolve(f)), Files.readAllBytes(dir.resolve("again/step3").resolve(f)), f);
        }
        assertFalse(Files.exists(dir.resolve("again/.step3.tmp")));
    }

    /** A second process on the same --out is refused (one error, naming the holder) and changes nothing there. */
    @Test
    void aSecondProcessOnTheSameRunFolderIsRefused(@TempDir Path dir) throws Exception {
        Path corpus = repeatedCorpus(dir);
        Trainer.run(settings(dir, corpus, 2, "every:2"), QUIET);
        byte[] log = Files.readAllBytes(dir.resolve("run/train_log.csv"));
        // the lock as the first process holds it (in this JVM: an overlapping lock answers as another process's would)
        try (org.w2sg.run.RunLock held = org.w2sg.run.RunLock.exclusive(dir.resolve("run").resolve(Trainer.LOCK_FILE),
                holder -> "held")) {
            org.w2sg.errors.UserException e = org.junit.jupiter.api.Assertions.assertThrows(
                    org.w2sg.errors.UserException.class, () -> Trainer.run(settings(dir, corpus, 4, "every:2"), QUIET));
            assertTrue(e.getMessage().startsWith("another harness pretrain (pid " + ProcessHandle.current().pid()
                    + ") is training " + dir.resolve("run")), e.getMessage());
        }
        assertArrayEquals(log, Files.readAllBytes(dir.resolve("run/train_log.csv")));
        assertFalse(Files.exists(dir.resolve("run/step4")));
        // released (as when the process ends, kill -9 included): the rerun extends the run
        assertEquals(4, Trainer.run(settings(dir, corpus, 4, "every:2"), QUIET).updates());
    }
}
