package org.w2sg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench extract on a pythia-14m-shaped random checkpoint and 16 SST-2 dev sentences: the figures it prints agree with
 * each other, the breakdown accounts for the run, and the exit code follows --target (no timing is asserted).
 */
class BenchExtractCommandTest {
    @TempDir
    static Path cache;

    @Test
    void printsConsistentFiguresAndExitsByTheTarget() {
        String[] args = {"bench", "extract", "--like", "pythia-14m", "--examples", "16", "--passes", "1", "--device",
                "cpu", "--cache", cache.toString()};
        Run pass = run(args, "--target", "0");
        assertEquals(0, pass.code(), pass.out());
        String out = pass.out();
        Matcher tokens = Pattern.compile("first 16 SST-2 dev sentences, ([0-9,]+) real tokens").matcher(out);
        assertTrue(tokens.find(), out);
        Matcher rates = Pattern.compile("extraction: ([0-9.]+) s wall .*?, ([0-9,]+) tokens/s").matcher(out);
        assertTrue(rates.find(), out);
        double seconds = Double.parseDouble(rates.group(1));
        long realTokens = Long.parseLong(tokens.group(1).replace(",", ""));
        double perSecond = Double.parseDouble(rates.group(2).replace(",", ""));
        // the seconds are printed to 0.01 s: the rate must lie within what that rounding allows
        assertTrue(perSecond >= realTokens / (seconds + 0.005) - 1
                && (seconds <= 0.005 || perSecond <= realTokens / (seconds - 0.005) + 1), out);
        Matcher gflops = Pattern.compile("useful +: ([0-9.]+) GFLOP/s").matcher(out);
        Matcher matmul = Pattern.compile("matmul +: ([0-9.]+) GFLOP/s").matcher(out);
        Matcher ratio = Pattern.compile("ratio +: ([0-9.]+) of matmul").matcher(out);
        assertTrue(gflops.find() && matmul.find() && ratio.find(), out);
        double g = Double.parseDouble(gflops.group(1));
        double m = Double.parseDouble(matmul.group(1));
        // printed to 0.1 GFLOP/s and 0.01: the tolerance is what that rounding allows
        double slack = 0.005 + (g / m) * (0.05 / g + 0.05 / m) + 1e-9;
        assertEquals(g / m, Double.parseDouble(ratio.group(1)), slack, out);
        Matcher sum = Pattern.compile("sum +([0-9.]+) s +([0-9.]+)%").matcher(out);
        assertTrue(sum.find(), out);
        assertEquals(100.0, Double.parseDouble(sum.group(2)), 5.0, "the parts account for the run: " + out);
        for (String part : new String[] {"tokenization", "attention: qkv + output GEMMs", "MLP: up + down GEMMs",
                "pooling", "layer norms"}) {
            assertTrue(out.contains(part), part + " missing: " + out);
        }

        Run miss = run(args, "--target", "1000");
        assertEquals(1, miss.code(), miss.out());
        assertTrue(miss.out().contains("MISSED: extraction reached"), miss.out());
    }

    record Run(int code, String out) {}

    static Run run(String[] args, String... more) {
        String[] all = new String[args.length + more.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true));
        int code;
        try {
            code = Main.run(all);
        } finally {
            System.setOut(saved);
        }
        return new Run(code, buf.toString());
    }
}
