package org.w2sg.data;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.w2sg.hub.FakeHub;
import org.w2sg.hub.HubClient;
import org.w2sg.hub.HubSettings;
import org.w2sg.io.SharedDir;

/**
 * A card's data file that the data folder lacks is downloaded through the Hub client: from a Hub dataset repo into
 * the huggingface_hub cache layout, or from a plain URL into the assets folder, verified against the card's sha256;
 * served here by the loopback Hub (a copy of the shared SST-2 test.tsv).
 */
@Timeout(30)
class DataDownloaderTest {
    static final Path SST2_TEST = SharedDir.data().resolve("sst2/test.tsv");
    static final String SHA = "54a9c12c77e402fc14d6a66a506f24d999f596b0176eb777c972cccc2f9cc4b0"; // the sst2 card's
    static final DatasetCard SST2 = DatasetCards.load("sst2");

    @TempDir
    Path tmp;
    FakeHub server;
    HubSettings settings;
    Path emptyDataDir;
    FakeHub.Rev lfsRev;
    java.net.URI rawUrl;

    @BeforeEach
    void start() throws Exception {
        server = new FakeHub();
        // the same bytes in a dataset repo (stored in LFS, so served through the CDN) and as a raw file
        lfsRev = server.addRevision("datasets/test-org/sst2-copy", "main", Map.of("data/test.tsv", FakeHub.entry(SST2_TEST, true)));
        rawUrl = server.addRaw("alps/0123abc/data/SST-2/test.tsv", SST2_TEST);
        settings = HubSettings.forTests(server.endpoint(), tmp.resolve("hub"));
        emptyDataDir = Files.createDirectories(tmp.resolve("data"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static DatasetCard.DataFile fromHub(String repo, String sha) {
        return new DatasetCard.DataFile("sst2/test.tsv", null, new DatasetCard.HubFile(repo, "data/test.tsv", null), sha, 94931L, 872L);
    }

    DatasetCard.DataFile fromUrl() {
        return new DatasetCard.DataFile("sst2/test.tsv", rawUrl.toString(), null, SHA, 94931L, 872L);
    }

    /** The sst2 card with one train file (the test set is then drawn from it). */
    static DatasetCard cardWith(DatasetCard.DataFile f) {
        DatasetCard c = SST2;
        return new DatasetCard(c.name(), c.title(), c.description(), c.licence(), c.citation(), c.homepage(), c.format(),
                c.header(), c.columns(), new DatasetCard.Files(List.of(f), List.of()), c.transforms(), c.label(),
                c.template(), c.formatSeed(), c.notes());
    }

    DataDownloader downloader(HubSettings s) {
        return new DataDownloader(new HubClient(s));
    }

    @Test
    void hubDatasetFileGoesIntoTheHuggingfaceHubCacheAndLoads() throws Exception {
        DatasetCard card = cardWith(fromHub("test-org/sst2-copy", SHA));
        LabeledDataset d = new DatasetLoader(emptyDataDir, downloader(settings)).load(card);
        assertEquals(872, d.trainPool().size());
        assertEquals(new DatasetLoader(SharedDir.data()).load("sst2").testSet(), d.trainPool(), "same examples as the shared copy");

        // huggingface_hub's layout for a dataset repo: datasets--ORG--NAME, refs/main, snapshots/COMMIT/FILE -> blobs/SHA256
        Path repoDir = tmp.resolve("hub/datasets--test-org--sst2-copy");
        assertEquals(lfsRev.commit(), Files.readString(repoDir.resolve("refs/main")));
        Path link = repoDir.resolve("snapshots").resolve(lfsRev.commit()).resolve("data/test.tsv");
        assertEquals(Path.of("../../../blobs/" + SHA), Files.readSymbolicLink(link));
        assertArrayEquals(Files.readAllBytes(SST2_TEST), Files.readAllBytes(link));
        assertFalse(Files.exists(emptyDataDir.resolve("sst2/test.tsv")), "the data folder is only read, never written");
        assertTrue(server.requests("hub", "HEAD").stream().allMatch(r -> r.path().startsWith("/datasets/test-org/sst2-copy/resolve/main/")));
        assertEquals(1, server.requests("cdn", "GET").size());
    }

    @Test
    void urlFileIsCachedUnderItsSha256AndReusedWithoutTheNetwork() throws Exception {
        DataDownloader dl = downloader(settings);
        Path got = dl.fetch(SST2, fromUrl(), emptyDataDir);
        assertEquals(tmp.resolve("hub-assets/w2sg-harness/datasets").resolve(SHA).resolve("test.tsv"), got);
        assertArrayEquals(Files.readAllBytes(SST2_TEST), Files.readAllBytes(got));
        int requests = server.log.size();
        assertEquals(got, dl.fetch(SST2, fromUrl(), emptyDataDir));
        assertEquals(requests, server.log.size(), "a cached copy is used without asking the server");
        assertEquals(got, downloader(settings.withOffline(true)).fetch(SST2, fromUrl(), emptyDataDir), "and offline");
    }

    @Test
    void aCutTransferResumesWithARangeRequest() throws Exception {
        server.cutNext(SHA, 40_000);
        Path got = downloader(settings).fetch(SST2, fromUrl(), emptyDataDir);
        assertArrayEquals(Files.readAllBytes(SST2_TEST), Files.readAllBytes(got));
        List<FakeHub.Req> gets = server.requests("cdn", "GET");
        assertEquals(2, gets.size());
        assertNull(gets.get(0).range());
        assertEquals("bytes=40000-", gets.get(1).range());
    }

    @Test
    void aCorruptBodyIsRejectedAndNothingIsKept() throws Exception {
        server.corruptNext(SHA);
        DataDownloader dl = downloader(settings);
        DatasetException e = assertThrows(DatasetException.class, () -> dl.fetch(SST2, fromUrl(), emptyDataDir));
        assertTrue(e.getMessage().contains("sha256") && e.getMessage().contains("does not match the expected " + SHA), e.getMessage());
        assertTrue(e.getMessage().contains(rawUrl.toString()), e.getMessage());
        Path folder = dl.urlCachePath(fromUrl()).getParent();
        assertFalse(Files.exists(folder), "no file, no partial, no lock file: not even the folder");
        // the next run downloads the right bytes
        assertArrayEquals(Files.readAllBytes(SST2_TEST), Files.readAllBytes(dl.fetch(SST2, fromUrl(), emptyDataDir)));

        // the same through the Hub: an LFS body that does not match its ETag is never linked
        server.corruptNext(SHA);
        e = assertThrows(DatasetException.class, () -> dl.fetch(SST2, fromHub("test-org/sst2-copy", SHA), emptyDataDir));
        assertTrue(e.getMessage().contains("does not match"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("hub/datasets--test-org--sst2-copy/snapshots")), "nothing linked");
    }

    @Test
    void aHubFileWhoseContentIsNotTheCardsIsNotLinked() throws Exception {
        // a plain-git (non-LFS) file: the Hub's ETag is a git sha1, so only the card's sha256 can catch other bytes
        Path altered = tmp.resolve("altered.tsv");
        Files.writeString(altered, Files.readString(SST2_TEST).replace("\t1\n", "\t0\n"));
        server.addRevision("datasets/test-org/sst2-altered", "main", Map.of("data/test.tsv", FakeHub.entry(altered, false)));
        DataDownloader dl = downloader(settings);
        DatasetException e = assertThrows(DatasetException.class, () -> dl.fetch(SST2, fromHub("test-org/sst2-altered", SHA), emptyDataDir));
        assertTrue(e.getMessage().contains("does not match the expected " + SHA), e.getMessage());
        Path repoDir = tmp.resolve("hub/datasets--test-org--sst2-altered");
        assertFalse(Files.exists(repoDir.resolve("snapshots")), "nothing linked");
        try (Stream<Path> s = Files.list(repoDir.resolve("blobs"))) {
            assertEquals(0, s.count(), "no blob and no partial download");
        }
        // an LFS file whose announced sha256 differs from the card's is not even downloaded
        server.addRevision("datasets/test-org/sst2-lfs-altered", "main", Map.of("data/test.tsv", FakeHub.entry(altered, true)));
        int cdnGets = server.requests("cdn", "GET").size();
        e = assertThrows(DatasetException.class, () -> dl.fetch(SST2, fromHub("test-org/sst2-lfs-altered", SHA), emptyDataDir));
        assertTrue(e.getMessage().contains("not the expected " + SHA), e.getMessage());
        assertEquals(cdnGets, server.requests("cdn", "GET").size());
    }

    @Test
    void theUrlIsTheFallbackWhenTheHubCannotServeTheFile() throws Exception {
        DatasetCard.DataFile both = new DatasetCard.DataFile("sst2/test.tsv", rawUrl.toString(),
                new DatasetCard.HubFile("test-org/no-such-dataset", "data/test.tsv", null), SHA, 94931L, 872L);
        Path got = downloader(settings).fetch(SST2, both, emptyDataDir);
        assertEquals(downloader(settings).urlCachePath(both), got);
        assertArrayEquals(Files.readAllBytes(SST2_TEST), Files.readAllBytes(got));

        // neither works: both reasons, and where to put the file by hand
        DatasetCard.DataFile neither = new DatasetCard.DataFile("sst2/test.tsv", server.cdnBase() + "/raw/gone.tsv",
                new DatasetCard.HubFile("test-org/no-such-dataset", "data/test.tsv", null),
                "0".repeat(64), 94931L, 872L);
        DatasetException e = assertThrows(DatasetException.class, () -> downloader(settings).fetch(SST2, neither, emptyDataDir));
        assertTrue(e.getMessage().contains("from the Hub: datasets/test-org/no-such-dataset@main: data/test.tsv: HTTP 401"), e.getMessage());
        assertTrue(e.getMessage().contains("/raw/gone.tsv: HTTP 404"), e.getMessage());
        assertTrue(e.getMessage().contains("Put the file at " + emptyDataDir.resolve("sst2/test.tsv")), e.getMessage());
    }

    @Test
    void offlineSaysWhatIsMissingAndUsesTheHubCache() throws Exception {
        HubSettings offline = settings.withOffline(true);
        DatasetException e = assertThrows(DatasetException.class,
                () -> new DatasetLoader(emptyDataDir, downloader(offline)).load(cardWith(fromUrl())));
        assertEquals("offline (HF_HUB_OFFLINE=1): dataset 'sst2': file sst2/test.tsv is not in the data folder " + emptyDataDir
                + ". Download " + rawUrl + " to " + emptyDataDir.resolve("sst2/test.tsv") + " (sha256 " + SHA
                + "), or point --data-dir at a folder that has it.", e.getMessage());
        e = assertThrows(DatasetException.class, () -> downloader(offline).fetch(SST2, fromHub("test-org/sst2-copy", SHA), emptyDataDir));
        assertTrue(e.getMessage().startsWith("offline (HF_HUB_OFFLINE=1): dataset 'sst2': file sst2/test.tsv is not in the data folder"), e.getMessage());
        assertTrue(e.getMessage().contains("from the Hub dataset test-org/sst2-copy"), e.getMessage());
        assertEquals(0, server.log.size(), "offline never touches the network");

        Path online = downloader(settings).fetch(SST2, fromHub("test-org/sst2-copy", SHA), emptyDataDir);
        int requests = server.log.size();
        assertEquals(online, downloader(offline).fetch(SST2, fromHub("test-org/sst2-copy", SHA), emptyDataDir));
        assertEquals(872, new DatasetLoader(emptyDataDir, downloader(offline)).load(cardWith(fromHub("test-org/sst2-copy", SHA))).trainPool().size());
        assertEquals(requests, server.log.size());
    }

    @Test
    void anUnreachableSourceIsNamedOnceWithTheDataFolderRouteAndLeavesNothingBehind() throws Exception {
        int closed;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closed + "/alps/0123abc/data/SST-2/test.tsv";
        HubSettings nowhere = HubSettings.forTests(java.net.URI.create("http://127.0.0.1:" + closed), tmp.resolve("hub"));
        DatasetCard.DataFile both = new DatasetCard.DataFile("sst2/test.tsv", url,
                new DatasetCard.HubFile("test-org/sst2-copy", "data/test.tsv", null), SHA, 94931L, 872L);
        DatasetException e = assertThrows(DatasetException.class, () -> downloader(nowhere).fetch(SST2, both, emptyDataDir));
        assertEquals("dataset 'sst2': sst2/test.tsv is not in the data folder " + emptyDataDir + " and could not be "
                + "downloaded: from the Hub dataset test-org/sst2-copy: cannot reach http://127.0.0.1:" + closed
                + " (the connection was refused); from " + url + ": cannot reach 127.0.0.1 (the connection was refused; 4 "
                + "attempts). Put the file at " + emptyDataDir.resolve("sst2/test.tsv") + " (sha256 " + SHA + "), or point "
                + "--data-dir at a folder that has it (the default is $W2SG_SHARED/data).", e.getMessage());
        assertFalse(e.getMessage().contains("harness download"), "download is for models");
        // no 0-byte partial file, no lock file, no empty folder in the assets cache
        Path assets = tmp.resolve("hub-assets");
        if (Files.exists(assets)) {
            try (Stream<Path> files = Files.walk(assets)) {
                assertEquals(List.of(), files.filter(Files::isRegularFile).toList());
            }
            assertFalse(Files.exists(downloader(nowhere).urlCachePath(both).getParent()));
        }
    }

    @Test
    void aCardPathThatLeavesTheUrlCacheIsRefused() {
        DatasetCard.DataFile climbing = new DatasetCard.DataFile("sst2/../../../x.tsv", rawUrl.toString(), null, SHA, 94931L, 872L);
        var e = assertThrows(org.w2sg.errors.UserException.class, () -> downloader(settings).fetch(SST2, climbing, emptyDataDir));
        assertEquals("a dataset card: file path \"sst2/../../../x.tsv\" has an empty, '.' or '..' segment (it would leave "
                + "its folder); refused before anything was written", e.getMessage());
    }
}
