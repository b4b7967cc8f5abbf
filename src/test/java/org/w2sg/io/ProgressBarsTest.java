package org.w2sg.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import me.tongfei.progressbar.ProgressBar;
import org.junit.jupiter.api.Test;

/** Progress into a file or pipe is plain lines: no carriage returns, no unknown rate, no colours. */
class ProgressBarsTest {
    @Test
    void aFileGetsPlainLines() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (ProgressBar bar = ProgressBars.builder("checkpoints", err, false).setInitialMax(3).setUnit(" rev", 1)
                .showSpeed().build()) {
            bar.step();
            bar.step();
            bar.step();
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(out.contains("\r"), out);
        assertFalse(out.contains("?"), out);
        assertFalse(out.contains("\u001b"), "no ANSI escapes: " + out);
        assertTrue(out.lines().allMatch(l -> l.startsWith("checkpoints")), out);
        assertTrue(out.contains("3/3 rev"), out);
    }

    @Test
    void plainLinesDropRepeatsOfTheSameCount() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        var lines = new ProgressBars.PlainLines(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        lines.accept("x  10% [=  ] 1/10 (0:00:01 / 0:00:09) ?/s");
        lines.accept("x  10% [=  ] 1/10 (0:00:02 / 0:00:18) 0.5/s");
        lines.accept("x  20% [== ] 2/10 (0:00:03 / 0:00:12) 0.7/s");
        assertEquals("x  10% [=  ] 1/10 (0:00:01 / 0:00:09)\nx  20% [== ] 2/10 (0:00:03 / 0:00:12) 0.7/s\n",
                bytes.toString(StandardCharsets.UTF_8));
    }
}
