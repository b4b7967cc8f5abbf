package org.w2sg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w2sg.bench.ForwardBenchmark;

/** bench forward on a pythia-14m-shaped random checkpoint, two batches of 2 x 16 tokens: its record and report agree. */
class BenchForwardCommandTest {
    @TempDir
    static Path cache;

    @Test
    void theRecordsFiguresFollowFromItsMeasurementsAndThePrintedReportFromTheRecord() throws Exception {
        Path dir = RandomCheckpointCache.safetensors(new RegistryOption().load().alias("pythia-14m"), cache, 0);
        ForwardBenchmark.Result r = ForwardBenchmark.run(new ForwardBenchmark.Settings(dir, "cpu", "float32", 2, 16, 2, 0, 0));
        assertEquals(32, r.tokens());
        assertEquals(2 * 3, r.matmulProducts(), "three reference products after each batch");
        // 2 x non-embedding parameters per token + 4 x layers x hidden x seq^2 per sequence (pythia-14m: 6 x 128)
        assertEquals(2.0 * r.model().nonEmbeddingParameters() * 32 + 4.0 * 6 * 128 * 16 * 16 * 2, r.flops(), 1e-6);
        assertEquals(32 / r.seconds(), r.tokensPerSecond(), 1e-9);
        assertEquals(r.flops() / r.seconds() / 1e9 / r.matmulGflops(), r.ratio(), 1e-12);
        assertTrue(Double.isNaN(r.gpuPeakTflops()), "no GPU peak on the CPU");

        StringWriter out = new StringWriter();
        BenchForwardCommand.print(new PrintWriter(out), "pythia-14m", r);
        String text = out.toString();
        assertTrue(text.startsWith("bench forward: random pythia-14m-shaped checkpoint ("), text);
        assertTrue(text.contains(String.format("  ratio   : %.2f of matmul (bar: >= 0.50)", r.ratio())), text);
        assertEquals(!r.met(), text.contains("FAILED: the forward pass reached"), text);
        assertTrue(!text.contains("gpu peak"), text);
    }
}
