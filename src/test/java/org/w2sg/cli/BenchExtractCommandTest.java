package org.w2sg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w2sg.bench.ExtractBenchmark;
import org.w2sg.extract.Pooling;
import org.w2sg.io.SharedDir;

/**
 * bench extract on a pythia-14m-shaped random checkpoint and 16 SST-2 dev sentences: the figures of its record agree
 * with each other, the breakdown accounts for the run, and the printed report and exit code follow --target (no timing
 * is asserted).
 */
class BenchExtractCommandTest {
    @TempDir
    static Path cache;

    @Test
    void figuresAgreeTheBreakdownAccountsForTheRunAndTheTargetDecides() throws Exception {
        BenchExtractCommand cmd = new BenchExtractCommand();
        cmd.examples = 16;
        cmd.dataDir = SharedDir.data();
        List<String> texts = cmd.sst2Dev();
        Path dir = RandomCheckpointCache.safetensors(new RegistryOption().load().alias("pythia-14m"), cache, 0);
        ExtractBenchmark.Result r = ExtractBenchmark.run(new ExtractBenchmark.Settings(dir, "cpu",
                SharedDir.tokenizers().resolve("gpt-neox-20b/20B_tokenizer.json"), 2048, texts, 4096, "all",
                List.of(Pooling.parse("last")), 1));

        assertEquals(16, r.examples());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), r.layers(), "pythia-14m: 6 layers, 7 hidden states");
        assertTrue(r.realTokens() >= 16 && r.longest() <= r.realTokens(), r.toString());
        assertEquals(r.realTokens() / r.seconds(), r.tokensPerSecond(), 1e-9);
        // useful FLOPs: 2 x non-embedding parameters per real token at least (plus the attention's n^2 term)
        assertTrue(r.flops() >= 2.0 * r.model().nonEmbeddingParameters() * r.realTokens(), r.toString());
        assertEquals(r.flops() / r.seconds() / 1e9 / r.matmulGflops(), r.ratio(), 1e-12);
        assertTrue(r.matmulProducts() >= 2 * r.batches(), "at least two reference products after each batch");

        // the breakdown: every part measured, together the passes' wall time (the parts outside the passes' clock, the
        // per-batch managers, make up the last few percent)
        Map<String, Long> b = r.breakdown();
        assertEquals(List.of("tokenization (DJL HuggingFaceTokenizer, batch)", "batch plan (length sort)",
                "batch building (padded id/mask arrays in Java)", "batch setup (packing, ids/rotary/masks -> native)",
                "embedding lookup", "attention: qkv + output GEMMs", "attention: scores, mask, softmax, context",
                "attention: rotary", "MLP: up + down GEMMs", "MLP: activation (exact GELU)",
                "layer norms (and the final norm)", "residual adds, reshapes, per-layer bookkeeping",
                "pooling (on device, finite check, rows -> Java)", "rest of forward (per-batch managers, JNI)"),
                List.copyOf(b.keySet()));
        for (String part : List.of("tokenization (DJL HuggingFaceTokenizer, batch)", "attention: qkv + output GEMMs",
                "attention: scores, mask, softmax, context", "attention: rotary", "MLP: up + down GEMMs",
                "layer norms (and the final norm)", "pooling (on device, finite check, rows -> Java)")) {
            assertTrue(b.get(part) > 0, part + " measured: " + b);
        }
        double sum = b.values().stream().mapToLong(Long::longValue).sum() / 1e9;
        assertEquals(1.0, sum / r.passSeconds(), 0.05, "the parts account for the run: " + b);

        StringWriter pass = new StringWriter();
        BenchExtractCommand.print(new PrintWriter(pass), "pythia-14m", 4096, 0, r);
        assertTrue(pass.toString().contains(String.format("first 16 SST-2 dev sentences, %,d real tokens", r.realTokens())), pass.toString());
        assertTrue(pass.toString().contains(String.format("ratio     : %.2f of matmul (target >= 0.00)", r.ratio())), pass.toString());
        assertTrue(!pass.toString().contains("MISSED"), pass.toString());
        assertTrue(r.met(0) && !r.met(1000));
        StringWriter miss = new StringWriter();
        BenchExtractCommand.print(new PrintWriter(miss), "pythia-14m", 4096, 1000, r);
        assertTrue(miss.toString().contains("MISSED: extraction reached"), miss.toString());
    }

    @Test
    void badCountsAreUserErrors() {
        assertEquals(2, Main.run("bench", "extract", "--examples", "0", "--cache", cache.toString()));
    }
}
