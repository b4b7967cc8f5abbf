package org.w2sg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to 'harness pretrain': one error line naming what is wrong, exit 2, and no run folder written. */
class PretrainCommandTest {
    static String[] args(Path out, String corpus, String... more) {
        List<String> a = new java.util.ArrayList<>(List.of("pretrain", "--like", "pythia-14m", "--hidden", "32",
                "--layers", "1", "--heads", "4", "--corpus", corpus, "--out", out.toString(), "--seq-len", "16",
                "--batch-size", "2", "--steps", "2", "--save", "every:2", "--no-progress",
                "--token-cache", out.resolveSibling("cache").toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    private static void assertOneError(UserErrorsTest.Result r, String... parts) {
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("error: "), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        for (String p : parts) assertTrue(r.err().contains(p), "'" + p + "' in: " + r.err());
    }

    @Test
    void anEmptyCorpusIsRefused(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.txt"), "\n\n");
        Path out = dir.resolve("run");
        assertOneError(UserErrorsTest.run(args(out, empty.toString())), "empty.txt", "no text");
        assertFalse(Files.exists(out));
    }

    @Test
    void anUnknownCardIsRefused(@TempDir Path dir) {
        Path out = dir.resolve("run");
        assertOneError(UserErrorsTest.run(args(out, "sst3")), "'sst3'", "sst2");
        assertFalse(Files.exists(out));
    }

    @Test
    void aCardWhoseTestSetComesFromItsTrainPoolIsRefused(@TempDir Path dir) {
        Path out = dir.resolve("run");
        assertOneError(UserErrorsTest.run(args(out, "boolq")), "boolq", "test set");
        assertFalse(Files.exists(out));
    }

    @Test
    void aSequenceLongerThanThePositionsIsRefused(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("a.txt"), "some words here\n");
        Path out = dir.resolve("run");
        String[] a = args(out, text.toString());
        a[java.util.Arrays.asList(a).indexOf("--seq-len") + 1] = "4096";
        assertOneError(UserErrorsTest.run(a), "--seq-len 4096", "max_position_embeddings (2048)");
        assertFalse(Files.exists(out));
    }

    @Test
    void anotherRunsFolderIsRefusedNamingTheDifferences(@TempDir Path dir) throws Exception {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 40; i++) s.append("the quick brown fox jumps over the lazy dog number ").append(i).append('\n');
        Path text = Files.writeString(dir.resolve("a.txt"), s);
        Path out = dir.resolve("run");
        UserErrorsTest.Result first = UserErrorsTest.run(args(out, text.toString()));
        assertEquals(0, first.code(), first.err());
        assertTrue(Files.isRegularFile(out.resolve("step2/model.safetensors")));
        List<String> before = listing(out);
        byte[] runJson = Files.readAllBytes(out.resolve("run.json"));
        assertOneError(UserErrorsTest.run(args(out, text.toString(), "--lr", "0.01", "--seed", "3")), "lr: 0.001 there, 0.01 here",
                "seed: 0 there, 3 here");
        assertEquals(before, listing(out));
        assertTrue(java.util.Arrays.equals(runJson, Files.readAllBytes(out.resolve("run.json"))));
        // a folder that is not a pretrain run
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve("ledger.csv"), "x\n");
        assertOneError(UserErrorsTest.run(args(other, text.toString())), "no run.json");
    }

    private static List<String> listing(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> dir.relativize(p) + ":" + (Files.isRegularFile(p) ? p.toFile().lastModified() : 0)).sorted().toList();
        }
    }
}
