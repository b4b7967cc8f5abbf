package org.w2sg.extract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w2sg.cli.Main;
import org.w2sg.io.Npy;
import org.w2sg.io.SharedDir;
import org.w2sg.weights.DType;

/**
 * {@code harness extract} end to end: the SST-2 copy in shared/data, the real GPT-NeoX tokenizer and a randomly
 * initialised pythia-70m-shaped checkpoint, on 64 examples.
 */
class ExtractCommandTest {
    @TempDir
    static Path tmp;
    static Path pythia70m;

    @BeforeAll
    static void writeCheckpoint() throws IOException {
        pythia70m = TestCheckpoints.randomLike(Files.createDirectories(tmp.resolve("pythia-70m-random")), "pythia-70m",
                Map.of(), DType.F16);
    }

    record Run(int code, String out, String err) {}

    static Run harness(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    String[] args(Path store, String... more) {
        List<String> a = new java.util.ArrayList<>(List.of("extract", "--checkpoint", pythia70m.toString(),
                "--dataset", "sst2", "--out", store.toString(), "--data-dir", SharedDir.data().toString(),
                "--tokenizer", TestCheckpoints.NEOX_TOKENIZER.toString(), "--device", "cpu"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void extractsAllLayersOfSst2WithARandomPythia70m(@TempDir Path store) throws IOException {
        Run r = harness(args(store, "--layers", "all", "--pooling", "last,mean", "--max-examples", "64", "--save-tokens"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("64 examples (splits 24/24/16"), r.out());
        assertTrue(r.out().contains("extracted 64 examples"), r.out());
        // the rate is left out while it is unknown (a run under a second), so the test looks for the count
        assertTrue(r.err().contains("64/64 ex"), "progress to 64/64 examples: " + r.err());
        Path entry = store.resolve("pythia-70m-random/local/sst2");
        for (int layer = 0; layer <= 6; layer++) {
            for (String p : List.of("last", "mean")) {
                Npy.Array a = Npy.read(entry.resolve(String.format("hidden_%02d_%s.npy", layer, p)));
                assertArrayEquals(new long[] {64, 512}, a.shape());
                double norm = 0;
                for (float v : a.floats()) {
                    assertTrue(Float.isFinite(v));
                    norm += v * v;
                }
                assertTrue(norm > 0, "layer " + layer + " " + p + " is all zeros");
            }
        }
        long[] labels = Npy.read(entry.resolve("labels.npy")).longs();
        assertEquals(32, java.util.Arrays.stream(labels).sum());
        assertTrue(Files.isRegularFile(entry.resolve("tokens.npy")));
        String manifest = Files.readString(entry.resolve("entry.json"));
        assertTrue(manifest.contains("\"tokenizer_sha256\" : \"56ac4821e129d2c520fdaba60abd920fa852ada51b45c0dd52bbb6bd8c985ade\""), manifest);

        Run again = harness(args(store, "--layers", "mid", "--max-examples", "64"));
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("already in the store"), again.out());
    }

    @Test
    void badInputExitsWithTwoAndSaysWhatToDo(@TempDir Path store) {
        Run layer = harness(args(store, "--layers", "9", "--max-examples", "8"));
        assertEquals(2, layer.code());
        assertTrue(layer.err().contains("error: layer 9 does not exist: the model has 6 layers"), layer.err());
        String[] sst3 = args(store);
        sst3[4] = "sst3";
        Run dataset = harness(sst3);
        assertEquals(2, dataset.code());
        assertTrue(dataset.err().contains("unknown dataset 'sst3'"), dataset.err());
        Run tooMany = harness(args(store, "--n-test", "1000"));
        assertEquals(2, tooMany.code());
        assertTrue(tooMany.err().contains("Ask for at most 856 examples"), tooMany.err());
        Run odd = harness(args(store, "--n-weak", "7"));
        assertEquals(2, odd.code());
        assertTrue(odd.err().contains("must be an even number"), odd.err());
        Run noCheckpoint = harness("extract", "--checkpoint", store.resolve("nope").toString(), "--dataset", "sst2",
                "--out", store.toString());
        assertEquals(2, noCheckpoint.code());
        assertTrue(noCheckpoint.err().contains("does not exist"), noCheckpoint.err());
        assertTrue(!Files.exists(store.resolve("pythia-70m-random/local/sst2/entry.json")), "no half-written entry");
    }

    @Test
    void cudaWithoutAGpuIsRefusedBeforeAnythingIsWritten(@TempDir Path store) throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(ai.djl.engine.Engine.getInstance().getGpuCount() == 0,
                "a GPU is visible here: --device cuda is valid");
        String[] a = args(store, "--max-examples", "8");
        assertEquals("cpu", a[12]);
        a[12] = "cuda";
        Run cuda = harness(a);
        assertEquals(2, cuda.code());
        assertTrue(cuda.err().contains("error: --device cuda: no CUDA GPU is visible to libtorch"), cuda.err());
        try (var files = Files.list(store)) {
            assertEquals(0, files.count(), "nothing written to the store");
        }
    }
}
