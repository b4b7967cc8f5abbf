package org.w2sg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.w2sg.weights.TensorStore;
import org.w2sg.hub.WeightFormat;
import org.w2sg.weights.Weights;

/** bench load on a fixture folder: both formats measured, the byte count is the files' tensor bytes. */
class BenchLoadCommandTest {
    static final Path FIXTURE = org.w2sg.ReferenceFixtures.dir("gpt_neox_sequential"); // sharded, both formats

    @Test
    void reportsBothFormatsWithTheirTensorBytes() {
        String out = capture("bench", "load", "--checkpoint", FIXTURE.toString(), "--repetitions", "1", "--device", "cpu");
        for (WeightFormat f : new WeightFormat[] {WeightFormat.SAFETENSORS, WeightFormat.BIN}) {
            long bytes;
            try (TensorStore s = Weights.open(FIXTURE, f)) {
                bytes = s.storedBytes();
            }
            String label = f == WeightFormat.SAFETENSORS ? "safetensors" : "torch \\.bin ";
            Matcher m = Pattern.compile(label + ": ([0-9.]+) GB/s \\(([0-9,]+) bytes in ([0-9.]+) s wall").matcher(out);
            assertTrue(m.find(), out);
            assertEquals(bytes, Long.parseLong(m.group(2).replace(",", "")), out);
            assertTrue(Double.parseDouble(m.group(1)) > 0 && Double.parseDouble(m.group(3)) > 0, out);
        }
    }

    @Test
    void aFolderWithoutWeightsIsAUserError(@org.junit.jupiter.api.io.TempDir Path empty) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true));
        int code;
        try {
            code = Main.run("bench", "load", "--checkpoint", empty.toString(), "--device", "cpu");
        } finally {
            System.setErr(saved);
        }
        assertEquals(2, code);
        assertTrue(err.toString().contains("no model.safetensors or pytorch_model.bin"), err.toString());
    }

    static String capture(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true));
        try {
            Main.run(args);
        } finally {
            System.setOut(saved);
        }
        return buf.toString();
    }
}
