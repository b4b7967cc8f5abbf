package org.w2sg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** harness env as a user runs it: the bundled libtorch loads, the CPU passes its check, JSON carries the same facts. */
class EnvCommandTest {
    static String run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.run(args));
        } finally {
            System.setOut(saved);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jsonReportsTheLoadedLibtorchTheBuildAndOneVerdictPerDevice() throws Exception {
        JsonNode r = new ObjectMapper().readTree(run("env", "--json"));
        assertEquals(Runtime.version().toString(), r.at("/java/version").asText());
        JsonNode torch = r.at("/libtorch");
        assertTrue(torch.get("loaded").asBoolean(), torch.toString());
        assertEquals("2.7.1", torch.get("requiredVersion").asText());
        assertEquals("0.36.0", torch.get("djlVersion").asText());
        assertTrue(torch.get("path").asText().contains("2.7.1"), torch.toString());
        assertTrue(r.at("/threads/intraOp").asInt() >= 1, r.at("/threads").toString());
        // the commit git reports for this checkout, or "unknown" when built outside one
        String commit = r.at("/harness/commit").asText();
        assertTrue(commit.matches(java.nio.file.Files.exists(java.nio.file.Path.of(".git")) ? "[0-9a-f]{12}" : "unknown"), commit);
        JsonNode cpu = r.at("/verdicts/0");
        assertEquals("cpu", cpu.get("device").asText());
        assertTrue(cpu.get("usable").asBoolean(), cpu.toString());
        int gpus = torch.get("gpus").asInt();
        int cudaVerdicts = 0;
        for (JsonNode v : r.get("verdicts")) if (v.get("device").asText().startsWith("cuda:")) cudaVerdicts++;
        assertTrue(cudaVerdicts >= gpus, "a verdict for each GPU libtorch counts: " + r.get("verdicts"));
    }

    @Test
    void textEndsWithTheVerdicts() {
        String text = run("env");
        assertTrue(text.contains("\nlibtorch     : 2.7.1 "), text);
        assertTrue(text.contains("\nverdict:\n  cpu: usable for float32 (64x64 matmul checked, relative error "), text);
    }
}
