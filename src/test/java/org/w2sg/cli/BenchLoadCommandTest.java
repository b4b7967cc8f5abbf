package org.w2sg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.w2sg.bench.LoadBenchmark;
import org.w2sg.hub.WeightFormat;
import org.w2sg.weights.TensorStore;
import org.w2sg.weights.Weights;

/** bench load on a fixture folder: both formats measured, the byte count is the files' tensor bytes. */
class BenchLoadCommandTest {
    static final Path FIXTURE = org.w2sg.ReferenceFixtures.dir("gpt_neox_sequential"); // sharded, both formats

    @Test
    void reportsBothFormatsWithTheirTensorBytes() {
        LoadBenchmark.Result r = LoadBenchmark.run(FIXTURE, "cpu", 1);
        assertEquals(List.of(), r.missing());
        assertEquals(List.of(WeightFormat.SAFETENSORS, WeightFormat.BIN),
                r.figures().stream().map(LoadBenchmark.Figure::format).toList());
        for (LoadBenchmark.Figure f : r.figures()) {
            long bytes;
            try (TensorStore s = Weights.open(FIXTURE, f.format())) {
                bytes = s.storedBytes();
            }
            assertEquals(bytes, f.fileBytes(), f.toString());
            assertTrue(f.seconds() > 0 && f.gbPerSecond() > 0, f.toString());
            assertEquals(f.fileBytes() / f.seconds() / 1e9, f.gbPerSecond(), 1e-12);
        }
        // the command prints the same figures, one line per format
        String out = capture("bench", "load", "--checkpoint", FIXTURE.toString(), "--repetitions", "1", "--device", "cpu");
        for (String label : new String[] {"safetensors:", "torch .bin :"}) {
            Matcher m = Pattern.compile(Pattern.quote(label) + " [0-9.]+ GB/s \\(([0-9,]+) bytes in [0-9.]+ s wall").matcher(out);
            assertTrue(m.find(), out);
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
