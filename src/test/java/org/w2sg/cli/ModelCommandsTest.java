package org.w2sg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w2sg.io.Npy;

/** forward and random-checkpoint through the CLI, as a user runs them. */
class ModelCommandsTest {
    static final Path FIXTURE = org.w2sg.ReferenceFixtures.dir("gpt_neox_pythia");

    @Test
    void forwardWritesEveryHiddenStateMatchingTransformers(@TempDir Path out) throws IOException {
        int code = Main.run("forward", "--checkpoint", FIXTURE.toString(), "--inputs", FIXTURE.resolve("inputs.json").toString(),
                "--variant", "left_padded", "--out", out.toString(), "--logits", "--device", "cpu", "--weights", "safetensors");
        assertEquals(0, code);
        Path expected = FIXTURE.resolve("expected/left_padded");
        Npy.Array mask = Npy.read(expected.resolve("attention_mask.npy"));
        for (String name : new String[] {"hidden_0.npy", "hidden_1.npy", "hidden_2.npy", "hidden_3.npy",
                "last_layer_pre_norm.npy", "logits.npy"}) {
            Npy.Array want = Npy.read(expected.resolve(name));
            Npy.Array got = Npy.read(out.resolve(name));
            assertEquals(java.util.Arrays.toString(want.shape()), java.util.Arrays.toString(got.shape()), name);
            int width = want.dim(2);
            double max = 0;
            for (int row = 0; row < want.dim(0) * want.dim(1); row++) {
                if (mask.longs()[row] == 0) continue;
                for (int j = 0; j < width; j++) {
                    max = Math.max(max, Math.abs(want.floats()[row * width + j] - got.floats()[row * width + j]));
                }
            }
            assertTrue(max <= 1e-4, name + ": max abs difference " + max);
        }
        try (var files = Files.list(out)) {
            assertEquals(6, files.count(), "exactly the six arrays, no temp files left");
        }
    }

    @Test
    void unknownVariantIsAUserError(@TempDir Path out) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true));
        int code;
        try {
            code = Main.run("forward", "--checkpoint", FIXTURE.toString(), "--inputs",
                    FIXTURE.resolve("inputs.json").toString(), "--variant", "middle_padded", "--out", out.toString());
        } finally {
            System.setErr(saved);
        }
        assertEquals(2, code);
        assertTrue(err.toString().contains("no variant 'middle_padded'; it has: right_padded, left_padded"), err.toString());
    }

    @Test
    void randomCheckpointOfARegistryShapeLoadsAndRuns(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("ckpt");
        assertEquals(0, Main.run("random-checkpoint", "--like", "pythia-14m", "--out", out.toString(), "--seed", "3",
                "--dtype", "float16"));
        assertTrue(Files.readString(out.resolve("config.json")).contains("\"num_hidden_layers\" : 6"));
        Path inputs = dir.resolve("inputs.json");
        Files.writeString(inputs, """
                {"variants": {"right_padded": {"input_ids": [[1, 2, 3], [50000, 7, 0]],
                  "attention_mask": [[1, 1, 1], [1, 1, 0]], "position_ids": [[0, 1, 2], [0, 1, 2]]}}}""");
        Path arrays = dir.resolve("arrays");
        assertEquals(0, Main.run("forward", "--checkpoint", out.toString(), "--inputs", inputs.toString(), "--out",
                arrays.toString(), "--device", "cpu"));
        Npy.Array last = Npy.read(arrays.resolve("hidden_6.npy"));
        assertEquals("[2, 3, 128]", java.util.Arrays.toString(last.shape()));
        for (float v : last.floats()) assertTrue(Float.isFinite(v));
    }
}
