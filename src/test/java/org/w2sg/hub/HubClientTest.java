package org.w2sg.hub;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Hub client against a loopback Hub + CDN serving the reference fixtures as revisions of test-org/tiny. */
@Timeout(30)
class HubClientTest {
    static final Path FIXTURES = org.w2sg.ReferenceFixtures.ROOT;
    static final RepoId REPO = new RepoId("test-org", "tiny");

    @TempDir
    Path tmp;
    FakeHub server;
    HubSettings settings;
    HubClient hub;
    SnapshotFetcher fetcher;
    FakeHub.Rev step0, step1, step2;

    @BeforeEach
    void start() throws Exception {
        server = new FakeHub();
        step0 = server.addRevision("test-org/tiny", "step0", FIXTURES.resolve("gpt_neox_pythia"));
        step1 = server.addRevision("test-org/tiny", "step1", FIXTURES.resolve("gpt_neox_sequential"));
        // a planted duplicate: another branch (another commit) serving step0's exact weights
        step2 = server.addRevision("test-org/tiny", "step2", FIXTURES.resolve("gpt_neox_pythia"));
        server.addRevision("test-org/tiny", "step4", FIXTURES.resolve("olmo_tied"));
        settings = HubSettings.forTests(server.endpoint(), tmp.resolve("hub"));
        hub = new HubClient(settings);
        fetcher = new SnapshotFetcher(hub);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    Path repoDir() {
        return tmp.resolve("hub").resolve("models--test-org--tiny");
    }

    /** What huggingface_hub's try_to_load_from_cache reads: refs/REV -> snapshots/COMMIT/FILE. */
    Path pythonPath(String revision, String file) throws Exception {
        String commit = Files.readString(repoDir().resolve("refs").resolve(revision), StandardCharsets.UTF_8);
        return repoDir().resolve("snapshots").resolve(commit).resolve(file);
    }

    @Test
    void downloadWritesTheHuggingfaceHubCacheLayout() throws Exception {
        Snapshot s = fetcher.fetch(REPO, "step0");
        assertEquals(step0.commit(), s.commit());
        assertEquals(List.of("model.safetensors"), s.weightFiles());
        assertEquals(step0.commit(), Files.readString(repoDir().resolve("refs/step0"), StandardCharsets.UTF_8));

        FakeHub.Entry weights = step0.files().get("model.safetensors");
        Path link = pythonPath("step0", "model.safetensors");
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(Path.of("../../blobs/" + weights.sha256()), Files.readSymbolicLink(link));
        assertArrayEquals(Files.readAllBytes(FIXTURES.resolve("gpt_neox_pythia/model.safetensors")), Files.readAllBytes(link));
        // a non-LFS file is named by its git ETag, as huggingface_hub does
        Path config = pythonPath("step0", "config.json");
        assertEquals(Path.of("../../blobs/" + step0.files().get("config.json").gitSha1()), Files.readSymbolicLink(config));
        assertTrue(Files.isRegularFile(pythonPath("step0", "generation_config.json")));
        assertFalse(Files.exists(pythonPath("step0", "pytorch_model.bin")), "only one weight format is fetched");
        try (var blobs = Files.list(repoDir().resolve("blobs"))) {
            assertTrue(blobs.noneMatch(p -> p.toString().endsWith(".incomplete")));
        }
        // the LFS body came from the CDN server, which never saw the token
        assertEquals(1, server.requests("cdn", "GET").size());

        // a second fetch transfers nothing
        int before = server.requests("cdn", "GET").size();
        Snapshot again = fetcher.fetch(REPO, "step0");
        assertEquals(s, again);
        assertEquals(before, server.requests("cdn", "GET").size());
    }

    @Test
    void shardedRevisionsFetchTheIndexAndEveryShard() throws Exception {
        Snapshot s = fetcher.fetch(REPO, "step1");
        assertEquals(List.of("model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"), s.weightFiles());
        for (String f : s.weightFiles())
            assertArrayEquals(Files.readAllBytes(FIXTURES.resolve("gpt_neox_sequential").resolve(f)),
                    Files.readAllBytes(pythonPath("step1", f)));
        assertTrue(Files.isRegularFile(pythonPath("step1", "model.safetensors.index.json")));

        Snapshot bin = fetcher.fetch(REPO, "step1", WeightFormat.BIN, List.of());
        assertEquals(List.of("pytorch_model-00001-of-00002.bin", "pytorch_model-00002-of-00002.bin"), bin.weightFiles());
    }

    @Test
    void aCutTransferResumesWithARangeRequestAndIsByteIdentical() throws Exception {
        FakeHub.Entry w = step0.files().get("model.safetensors");
        server.cutNext(w.sha256(), 100_000);
        Path p = hub.download(REPO, "step0", "model.safetensors");
        assertArrayEquals(Files.readAllBytes(w.source()), Files.readAllBytes(p));
        List<FakeHub.Req> gets = server.requests("cdn", "GET");
        assertEquals(2, gets.size(), gets.toString());
        assertNull(gets.get(0).range());
        assertEquals("bytes=100000-", gets.get(1).range());
    }

    @Test
    void aStalledTransferTimesOutAndResumes() throws Exception {
        FakeHub.Entry w = step4Weights();
        server.stallNext(w.sha256(), 50_000);
        HubClient impatient = new HubClient(settings.withTimeouts(java.time.Duration.ofSeconds(2), java.time.Duration.ofMillis(300)));
        Path p = impatient.download(REPO, "step4", "model.safetensors");
        assertArrayEquals(Files.readAllBytes(w.source()), Files.readAllBytes(p));
        assertEquals("bytes=50000-", server.requests("cdn", "GET").getLast().range());
    }

    FakeHub.Entry step4Weights() throws Exception {
        return FakeHub.entry(FIXTURES.resolve("olmo_tied/model.safetensors"));
    }

    @Test
    void aPartialFileLeftByAKilledRunIsResumed() throws Exception {
        FakeHub.Entry w = step1.files().get("pytorch_model-00002-of-00002.bin");
        byte[] all = Files.readAllBytes(w.source());
        Path part = repoDir().resolve("blobs").resolve(w.sha256() + ".incomplete");
        Files.createDirectories(part.getParent());
        Files.write(part, java.util.Arrays.copyOf(all, 12345));
        Path p = hub.download(REPO, "step1", "pytorch_model-00002-of-00002.bin");
        assertArrayEquals(all, Files.readAllBytes(p));
        assertEquals(List.of("bytes=12345-"), server.requests("cdn", "GET").stream().map(FakeHub.Req::range).toList());
        assertFalse(Files.exists(part));
    }

    @Test
    void transientFailuresAreRetriedThenReportedWithTheFileAndReason() throws Exception {
        server.failNext("/resolve/step0/model.safetensors", 503);
        server.failNext("/repos/", 503, 429);
        Path p = hub.download(REPO, "step0", "model.safetensors");
        assertArrayEquals(Files.readAllBytes(step0.files().get("model.safetensors").source()), Files.readAllBytes(p));
        assertEquals(3, server.requests("cdn", "GET").size());
        assertEquals(2, server.requests("hub", "HEAD").size());

        server.failNext("/resolve/step1/config.json", 503, 503, 503, 503, 503);
        var e = assertThrows(HubException.class, () -> hub.download(REPO, "step1", "config.json"));
        assertEquals("test-org/tiny@step1: config.json: failed after 4 attempts: test-org/tiny@step1: config.json: HTTP 503",
                e.getMessage());
    }

    @Test
    void aBodyWhoseSha256DoesNotMatchItsEtagIsRejectedAndNothingIsLinked() throws Exception {
        FakeHub.Entry w = step0.files().get("model.safetensors");
        server.corruptNext(w.sha256());
        var e = assertThrows(HubException.class, () -> hub.download(REPO, "step0", "model.safetensors"));
        assertTrue(e.getMessage().startsWith("test-org/tiny@step0: model.safetensors: sha256 "), e.getMessage());
        assertTrue(e.getMessage().contains("does not match the Hub's " + w.sha256()), e.getMessage());
        assertFalse(Files.exists(repoDir().resolve("blobs").resolve(w.sha256())));
        assertFalse(Files.exists(repoDir().resolve("blobs").resolve(w.sha256() + ".incomplete")));
        assertFalse(Files.exists(repoDir().resolve("snapshots").resolve(step0.commit()).resolve("model.safetensors"),
                java.nio.file.LinkOption.NOFOLLOW_LINKS));
        // the next try gets good bytes
        assertArrayEquals(Files.readAllBytes(w.source()), Files.readAllBytes(hub.download(REPO, "step0", "model.safetensors")));
    }

    @Test
    void offlineUsesOnlyTheCacheAndSaysWhatIsMissing() throws Exception {
        Snapshot online = fetcher.fetch(REPO, "step1");
        SnapshotFetcher offline = new SnapshotFetcher(new HubClient(settings.withOffline(true)));
        int requests = server.log.size();
        assertEquals(online.weightFiles(), offline.fetch(REPO, "step1").weightFiles());
        assertEquals(online.commit(), offline.fetch(REPO, "step1").commit());
        assertEquals(List.of("step1"), offline.hub().branches("test-org/tiny"));
        assertEquals(requests, server.log.size(), "offline mode made a request");

        var e = assertThrows(HubException.class, () -> offline.fetch(REPO, "step0"));
        assertEquals("offline (HF_HUB_OFFLINE=1): test-org/tiny@step0 is not in the cache " + repoDir()
                + "; cached revisions: step1. Run 'harness download --model test-org/tiny --steps step0' where the Hub is reachable",
                e.getMessage());

        Files.delete(repoDir().resolve("blobs").resolve(step1.files().get("model-00002-of-00002.safetensors").sha256()));
        var m = assertThrows(HubException.class, () -> offline.fetch(REPO, "step1"));
        assertTrue(m.getMessage().contains("is incomplete; missing: model-00002-of-00002.safetensors."), m.getMessage());
        assertEquals(requests, server.log.size());
    }

    @Test
    void gatedRepoNeedsTheTokenWhichNeverReachesTheCdn() throws Exception {
        server.gate("test-org/tiny", "hf_secret");
        var e = assertThrows(HubException.class, () -> fetcher.fetch(REPO, "step0"));
        assertEquals(401, e.status());
        assertTrue(e.getMessage().startsWith("test-org/tiny@step0: HTTP 401: the repo is gated: accept its conditions"), e.getMessage());

        HubClient withToken = new HubClient(settings.withToken("hf_secret"));
        Snapshot s = new SnapshotFetcher(withToken).fetch(REPO, "step0");
        assertEquals(step0.commit(), s.commit());
        assertTrue(server.requests("hub", "HEAD").stream().allMatch(r -> "Bearer hf_secret".equals(r.auth())));
        assertTrue(server.requests("cdn", "GET").stream().allMatch(r -> r.auth() == null));

        var wrong = assertThrows(HubException.class, () -> new HubClient(settings.withToken("hf_wrong")).branches("test-org/tiny"));
        assertTrue(wrong.getMessage().contains("HTTP 401"), wrong.getMessage());
    }

    @Test
    void missingRevisionListsTheNearestOnesAndMissingFilesSaySo() throws Exception {
        var e = assertThrows(HubException.class, () -> fetcher.fetch(REPO, "step3"));
        assertEquals(404, e.status());
        assertEquals("test-org/tiny has no revision 'step3' (HTTP 404); nearest: step0, step1, step2, step4", e.getMessage());
        var f = assertThrows(HubException.class, () -> hub.download(REPO, "step0", "nope.json"));
        assertEquals("test-org/tiny@step0: nope.json: HTTP 404: no such file in this revision (Hub: Entry not found)", f.getMessage());
        var r = assertThrows(HubException.class, () -> hub.branches("test-org/absent"));
        assertTrue(r.getMessage().contains("HTTP 401: the repo is private, gated or does not exist, and no HF_TOKEN is set"), r.getMessage());
    }

    @Test
    void auditFindsThePlantedDuplicateAndDiskBudgetKeepsSharedBlobs() throws Exception {
        WeightAudit audit = new WeightAudit(settings.assetsDir());
        Snapshot s0 = fetcher.fetch(REPO, "step0"), s1 = fetcher.fetch(REPO, "step1"), s2 = fetcher.fetch(REPO, "step2");
        List<RevisionDigest> digests = List.of(audit.digest(hub.cache(), s0, false), audit.digest(hub.cache(), s1, false),
                audit.digest(hub.cache(), s2, false));
        var dups = WeightAudit.duplicates(digests);
        assertEquals(1, dups.size());
        assertEquals(List.of("step0", "step2"), dups.get(0).stream().map(RevisionDigest::revision).toList());
        assertNotEquals(s0.commit(), s2.commit());
        // the record is stored per commit, and a full re-read agrees with it
        Path record = audit.recordPath(REPO, s0.commit());
        assertTrue(Files.readString(record).contains(step0.files().get("model.safetensors").sha256()));
        assertEquals(digests.get(0).weightSha256(), audit.digest(hub.cache(), s0, true).weightSha256());

        // step0 and step2 share one blob: releasing step0 only unlinks it; releasing step2 too frees the bytes
        DiskBudget budget = new DiskBudget(hub.cache());
        Path blob = repoDir().resolve("blobs").resolve(step0.files().get("model.safetensors").sha256());
        assertEquals(0, budget.releaseWeights(s0));
        assertTrue(Files.exists(blob));
        assertEquals(Files.size(step0.files().get("model.safetensors").source()), budget.releaseWeights(s2));
        assertFalse(Files.exists(blob));
        assertTrue(Files.exists(pythonPath("step0", "config.json")), "config stays");
        // a released revision comes back on the next fetch
        assertTrue(Files.isRegularFile(fetcher.fetch(REPO, "step0").dir().resolve("model.safetensors")));
    }

    @Test
    void prefetchDownloadsInTheBackground() throws Exception {
        try (Prefetcher pre = new Prefetcher(fetcher)) {
            pre.prefetch(REPO, "step4", WeightFormat.AUTO, List.of());
            Snapshot s = pre.get(REPO, "step4", WeightFormat.AUTO, List.of());
            assertEquals(List.of("model.safetensors"), s.weightFiles());
            assertEquals(1, server.requests("cdn", "GET").size());
        }
    }

    @Test
    void settingsFollowHuggingfaceHubPrecedence() {
        var a = HubSettings.from(Map.of("HOME", "/home/u"));
        assertEquals(Path.of("/home/u/.cache/huggingface/hub"), a.cacheDir());
        assertEquals(Path.of("/home/u/.cache/huggingface/assets"), a.assetsDir());
        assertEquals("https://huggingface.co", a.endpoint().toString());
        assertFalse(a.offline());
        var b = HubSettings.from(Map.of("HOME", "/home/u", "HF_HOME", "/data/hf", "HF_ENDPOINT", "http://mirror:8080/",
                "HF_HUB_OFFLINE", "1", "HF_TOKEN", "hf_x"));
        assertEquals(Path.of("/data/hf/hub"), b.cacheDir());
        assertEquals(Path.of("/data/hf/assets"), b.assetsDir());
        assertEquals("http://mirror:8080", b.endpoint().toString());
        assertTrue(b.offline());
        assertEquals("hf_x", b.token());
        var c = HubSettings.from(Map.of("HOME", "/home/u", "HF_HOME", "/data/hf", "HF_HUB_CACHE", "~/hubcache", "HF_HUB_OFFLINE", "no"));
        assertEquals(Path.of("/home/u/hubcache"), c.cacheDir());
        assertFalse(c.offline());
        for (String yes : List.of("1", "true", "YES", "on")) assertTrue(HubSettings.isTrue(yes), yes);
        var notHttp = assertThrows(org.w2sg.errors.UserException.class,
                () -> HubSettings.from(Map.of("HOME", "/h", "HF_ENDPOINT", "file:///tmp/hub")));
        assertEquals("HF_ENDPOINT \"file:///tmp/hub\" is not an http or https URL with a host (e.g. https://huggingface.co or "
                + "a mirror's URL)", notHttp.getMessage());
        var d = HubSettings.from(Map.of("HOME", "/h")).withRetries(6, java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(8));
        assertEquals(List.of(1L, 2L, 4L, 8L, 8L), List.of(1, 2, 3, 4, 5).stream().map(i -> d.backoff(i).toSeconds()).toList());
    }

    @Test
    void anUnreachableHubIsNamedWithWhatToDoOffline() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        for (String endpoint : List.of("http://no-such-host.invalid", "http://127.0.0.1:" + closedPort)) {
            HubClient offline = new HubClient(HubSettings.forTests(java.net.URI.create(endpoint), tmp.resolve("hub2")));
            HubException e = assertThrows(HubException.class, () -> offline.revisionInfo(REPO, "step0"));
            String why = endpoint.contains("invalid") ? "its host name does not resolve" : "the connection was refused";
            assertTrue(e.getMessage().startsWith("test-org/tiny@step0: cannot reach the Hub at " + endpoint + " (" + why
                    + "; 4 attempts)"), e.getMessage());
            assertTrue(e.getMessage().contains("HF_HUB_OFFLINE=1"), e.getMessage());
        }
    }
}
