package org.w2sg.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.w2sg.hub.FakeHub;
import org.w2sg.hub.HubSettings;
import picocli.CommandLine;

@Timeout(60)
class DownloadAuditCommandTest {
    static final Path FIXTURES = org.w2sg.ReferenceFixtures.ROOT;

    @TempDir
    Path tmp;
    FakeHub server;
    HubSettings settings;
    Path registry;

    @BeforeEach
    void start() throws Exception {
        server = new FakeHub();
        server.addRevision("test-org/tiny", "step0", FIXTURES.resolve("gpt_neox_pythia"));
        server.addRevision("test-org/tiny", "step1", FIXTURES.resolve("olmo_tied"));
        server.addRevision("test-org/tiny", "step2", FIXTURES.resolve("gpt_neox_pythia")); // same weights as step0
        server.addRevision("test-org/tiny", "step4", FIXTURES.resolve("olmo2"));
        settings = HubSettings.forTests(server.endpoint(), tmp.resolve("hub"));
        registry = tmp.resolve("checkpoints.yaml");
        Files.writeString(registry, """
                families:
                  f:
                    revisions: { scheme: pythia, tokens_per_step: 2097152 }
                    tokenizer: { file: tokenizer.json }
                    weak_supervisor: { model: tiny, revision: step143000 }
                    config: { model_type: gpt_neox, hidden_size: 64, num_hidden_layers: 3, num_attention_heads: 4, intermediate_size: 256, vocab_size: 1000 }
                aliases:
                  tiny: { repo: test-org/tiny, family: f }
                """);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    record Result(int code, String out, String err) {}

    Result run(Callable<Integer> cmd, String... args) {
        CommandLine cl = new CommandLine(cmd);
        cl.setExecutionExceptionHandler(new UserErrors());
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return new Result(cl.execute(args), out.toString(), err.toString());
    }

    Result download(String... args) {
        DownloadCommand d = new DownloadCommand();
        d.settings = settings;
        return run(d, args);
    }

    Result audit(String... args) {
        AuditCommand a = new AuditCommand();
        a.settings = settings;
        return run(a, args);
    }

    @Test
    void auditOfAnEmptyCacheSaysThereIsNothingToCompare() {
        Result a = audit("--model", "tiny", "--steps", "0:4:1", "--registry", registry.toString());
        assertEquals(0, a.code(), a.err());
        assertTrue(a.out().contains("audited 0 revision(s)"), a.out());
        assertTrue(a.out().contains("nothing to compare: fewer than two revisions audited"), a.out());
        assertTrue(!a.out().contains("no two"), "no claim about weights it never saw: " + a.out());
    }

    @Test
    void downloadThenAuditFindsTheIdenticalBranches() {
        Result d = download("--model", "tiny", "--steps", "0,1,2", "--registry", registry.toString());
        assertEquals(0, d.code(), d.err());
        assertTrue(d.out().startsWith("test-org/tiny: 3 revision(s) into " + tmp.resolve("hub")), d.out());
        assertTrue(d.out().matches("(?s).*\\nstep0 +[0-9a-f]{40}  1 weight file\\(s\\), 0\\.4 MiB.*"), d.out());

        Result a = audit("--model", "tiny", "--steps", "0:4:1", "--registry", registry.toString());
        assertEquals(0, a.code(), a.err());
        assertTrue(a.out().contains("test-org/tiny: audited 3 revision(s); 1 not in the cache (use --download): step4"), a.out());
        assertTrue(a.out().matches("(?s).*byte-identical weights: step0 \\([0-9a-f]{8}\\) = step2 \\([0-9a-f]{8}\\).*"), a.out());

        Result csv = audit("--model", "tiny", "--steps", "0:4:1", "--registry", registry.toString(), "--csv", "--verify");
        List<String> lines = csv.out().lines().toList();
        assertEquals("revision,step,commit,weights_sha256,identical_to", lines.get(0));
        assertEquals(4, lines.size(), csv.out());
        assertTrue(lines.get(1).startsWith("step0,0,") && lines.get(1).endsWith(","), lines.get(1));
        assertTrue(lines.get(3).startsWith("step2,2,") && lines.get(3).endsWith(",step0"), lines.get(3));
        assertEquals(lines.get(1).split(",")[3], lines.get(3).split(",")[3]);
    }

    @Test
    void downloadByRepoAndRevisionAndOfflineErrors() {
        Result d = download("--model", "test-org/tiny", "--revision", "step4", "--registry", registry.toString());
        assertEquals(0, d.code(), d.err());
        assertTrue(d.out().contains("step4"), d.out());
        settings = settings.withOffline(true);
        Result off = download("--model", "tiny", "--steps", "step1", "--registry", registry.toString());
        assertEquals(2, off.code());
        assertTrue(off.err().startsWith("error: offline (HF_HUB_OFFLINE=1): test-org/tiny@step1 is not in the cache"), off.err());
        Result bad = download("--model", "tiny", "--steps", "step3", "--registry", registry.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().startsWith("error: no revision 'step3'; nearest: step1, step2, step4, step8"), bad.err());
    }

    @Test
    void aHubThatLiesAboutTheCommitGetsOneErrorLineAndExitCode2() throws Exception {
        try (org.w2sg.hub.HostileHub evil = new org.w2sg.hub.HostileHub()) {
            evil.headerCommit = "../../../outside/escaped-commit";
            settings = HubSettings.forTests(evil.endpoint(), tmp.resolve("hub"));
            Result d = download("--model", "evil/repo", "--revision", "main", "--registry", registry.toString());
            assertEquals(2, d.code(), d.err());
            assertEquals("error: evil/repo@main: config.json: the Hub's X-Repo-Commit header "
                    + "\"../../../outside/escaped-commit\" is not a commit hash (40 lowercase hex digits); refused before "
                    + "anything was written\n", d.err());
            assertFalse(Files.exists(tmp.resolve("outside")));
        }
    }
}
