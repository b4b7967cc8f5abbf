package org.w2sg.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CheckpointsCommandTest {
    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        CheckpointsCommand cmd = new CheckpointsCommand();
        cmd.refs = repo -> List.of("main", "step1000-tokens4B", "step2000-tokens8B", "step3000-tokens13B");
        CommandLine cl = new CommandLine(cmd);
        cl.setExecutionExceptionHandler(new UserErrors());
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void csvListsSelectedRevisionsWithStepAndTokens() {
        Result r = run("--model", "pythia-410m", "--steps", "log:4", "--csv");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("revision,step,tokens", lines.get(0));
        assertEquals(5, lines.size(), r.out());
        assertEquals("step0,0,0", lines.get(1));
        assertEquals("step143000,143000,299892736000", lines.get(4));
    }

    @Test
    void tableForRefsBasedModel() {
        Result r = run("--model", "OLMo-7B-hf", "--steps", "step2000,3000");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("OLMo-7B-hf (allenai/OLMo-7B-hf): 2 revisions"), r.out());
        assertTrue(r.out().matches("(?s).*step2000-tokens8B\\s+2000\\s+8,000,000,000.*"), r.out());
        assertTrue(r.out().matches("(?s).*step3000-tokens13B\\s+3000\\s+13,000,000,000.*"), r.out());
    }

    @Test
    void badInputIsOneErrorLineAndExitCode2() {
        Result r = run("--model", "pythia-41m");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: unknown model alias 'pythia-41m'"), r.err());
        Result s = run("--model", "pythia-70m", "--steps", "log:zero");
        assertEquals(2, s.code());
        assertTrue(s.err().contains("log:N needs a whole number"), s.err());
    }

    @Test
    void withoutModelListsAliases() {
        Result r = run();
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("pythia-12b-deduped"), r.out());
        assertTrue(r.out().contains("allenai/OLMo-2-1124-13B"), r.out());
    }
}
