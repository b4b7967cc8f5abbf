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
    void weakFetchesTheSupervisorsRevisionAlone() throws Exception {
        Result d = download("--weak", "tiny@step1:2", "--registry", registry.toString()); // the layer suffix is ignored
        assertEquals(0, d.code(), d.err());
        assertTrue(d.out().startsWith("test-org/tiny: 1 revision(s) into " + tmp.resolve("hub")), d.out());
        assertTrue(d.out().matches("(?s).*\\nstep1 +[0-9a-f]{40}  1 weight file\\(s\\).*"), d.out());
        String commit = Files.readString(tmp.resolve("hub/models--test-org--tiny/refs/step1"));
        assertTrue(Files.isRegularFile(tmp.resolve("hub/models--test-org--tiny/snapshots").resolve(commit).resolve("config.json")));
        assertFalse(Files.exists(tmp.resolve("hub/models--test-org--tiny/refs/step0")), "only the weak revision");

        // and now offline, from the cache alone
        settings = settings.withOffline(true);
        assertEquals(0, download("--weak", "tiny@step1", "--registry", registry.toString()).code());
        Result noRev = download("--weak", "tiny", "--registry", registry.toString());
        assertEquals(2, noRev.code());
        assertEquals("error: --weak tiny: give the revision too, e.g. --weak pythia-70m@step143000\n", noRev.err());
        Result nothing = download("--registry", registry.toString());
        assertEquals(2, nothing.code());
        assertTrue(nothing.err().startsWith("error: nothing to download: give --model"), nothing.err());
    }

    /** A dataset card whose one file (a copy of the shared SST-2 test.tsv) is a URL on the loopback server. */
    Path cardServedByTheFakeHub() throws Exception {
        Path tsv = org.w2sg.io.SharedDir.data().resolve("sst2/test.tsv");
        java.net.URI url = server.addRaw("alps/0123abc/data/SST-2/test.tsv", tsv);
        Path card = tmp.resolve("sst2-copy.yaml");
        Files.writeString(card, Files.readString(Path.of("datasets/sst2.yaml"))
                .replaceAll("(?s)files:.*?transforms:", """
                        files:
                          train:
                            - path: sst2/test.tsv
                              url: %s
                              sha256: 54a9c12c77e402fc14d6a66a506f24d999f596b0176eb777c972cccc2f9cc4b0
                              bytes: 94931
                              rows: 872
                        transforms:""".formatted(url)));
        return card;
    }

    @Test
    void datasetsFetchesTheCardsFilesIntoTheCacheForAnOfflineRun() throws Exception {
        Path card = cardServedByTheFakeHub();
        Path emptyData = Files.createDirectories(tmp.resolve("data"));
        Result d = download("--datasets", card.toString(), "--data-dir", emptyData.toString());
        assertEquals(0, d.code(), d.err());
        assertTrue(d.out().startsWith("dataset " + card + ": "), d.out());
        assertTrue(d.out().matches("(?s).*: \\d+ train-pool and \\d+ test examples available\\n"), d.out());
        Path cached = tmp.resolve("hub-assets/w2sg-harness/datasets/54a9c12c77e402fc14d6a66a506f24d999f596b0176eb777c972cccc2f9cc4b0/test.tsv");
        assertEquals(94931, Files.size(cached));
        assertEquals(1, server.requests("cdn", "GET").size());
        try (var files = Files.list(emptyData)) {
            assertEquals(0, files.count(), "the data folder is only read");
        }

        // offline, the cached copy serves the same command without a request
        int requests = server.log.size();
        settings = settings.withOffline(true);
        assertEquals(d, download("--datasets", card.toString(), "--data-dir", emptyData.toString()));
        assertEquals(requests, server.log.size());

        // a data folder that holds the file is read as it is: no download, no cache entry
        settings = HubSettings.forTests(server.endpoint(), tmp.resolve("hub2"));
        Result local = download("--datasets", card.toString(), "--data-dir", org.w2sg.io.SharedDir.data().toString());
        assertEquals(d.out(), local.out());
        assertEquals(requests, server.log.size(), "--data-dir is where the files are looked for first");
        assertFalse(Files.exists(tmp.resolve("hub2-assets")));
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
