package org.w2sg.hub;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.w2sg.errors.UserException;

/**
 * The Hub client against a Hub that lies (issue 16): every value that would end up in a path is refused with one
 * message naming the repo, revision, field and value, and nothing appears outside the cache folder, nor anything
 * half-written inside it. The escapes are sized so that, unchecked, they would land exactly in {@code tmp/outside}.
 */
@Timeout(30)
class HostileHubTest {
    static final RepoId REPO = new RepoId("evil", "repo");
    static final String C = HostileHub.COMMIT;
    static final String REFUSED = "; refused before anything was written";

    @TempDir
    Path tmp;
    Path cache, outside;
    HostileHub server;
    HubClient hub;
    SnapshotFetcher fetcher;

    @BeforeEach
    void start() throws Exception {
        server = new HostileHub();
        cache = tmp.resolve("cache/hub");
        outside = Files.createDirectories(tmp.resolve("outside"));
        hub = new HubClient(HubSettings.forTests(server.endpoint(), cache).withRetries(1, java.time.Duration.ZERO, java.time.Duration.ZERO));
        fetcher = new SnapshotFetcher(hub);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Runs {@code call}, which must fail with exactly {@code message}, and checks that nothing escaped the cache. */
    void refused(String message, Executable call) throws Exception {
        Set<String> before = outsideCache();
        UserException e = assertThrows(UserException.class, call);
        assertEquals(message, e.getMessage());
        assertEquals(before, outsideCache(), "something appeared outside the cache");
        assertEquals(Set.of(), halfWritten(), "only refs/ may be written before the lie is seen");
    }

    /** Every path under the test's temp folder that is not inside the cache folder. */
    Set<String> outsideCache() throws Exception {
        try (Stream<Path> s = Files.walk(tmp)) {
            Set<String> out = new TreeSet<>();
            s.filter(p -> !p.startsWith(tmp.resolve("cache"))).forEach(p -> out.add(tmp.relativize(p).toString()));
            return out;
        }
    }

    /** Files in the cache other than refs/ entries (blobs, partial downloads, links, locks). */
    Set<String> halfWritten() throws Exception {
        if (!Files.exists(cache)) return Set.of();
        try (Stream<Path> s = Files.walk(cache)) {
            Set<String> out = new TreeSet<>();
            s.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !cache.relativize(p).toString().contains("/refs/"))
                    .forEach(p -> out.add(cache.relativize(p).toString()));
            return out;
        }
    }

    @Test
    void aCommitHeaderThatClimbsOutIsRefused() throws Exception {
        server.headerCommit = "../../../../outside/escaped-commit";
        refused("evil/repo@main: config.json: the Hub's X-Repo-Commit header \"../../../../outside/escaped-commit\" "
                + "is not a commit hash (40 lowercase hex digits)" + REFUSED, () -> fetcher.fetch(REPO, "main"));
        refused("evil/repo@main: config.json: the Hub's X-Repo-Commit header \"../../../../outside/escaped-commit\" "
                + "is not a commit hash (40 lowercase hex digits)" + REFUSED, () -> hub.download(REPO, "main", "config.json"));
    }

    @Test
    void aCommitThatIsNotAHashIsRefused() throws Exception {
        server.headerCommit = "main";
        refused("evil/repo@main: config.json: the Hub's X-Repo-Commit header \"main\" is not a commit hash (40 lowercase "
                + "hex digits)" + REFUSED, () -> hub.download(REPO, "main", "config.json"));
        // a well-formed commit, but not the one the revision API named (the files would land in another snapshot)
        server.headerCommit = "f".repeat(40);
        refused("evil/repo@main: config.json: the Hub's X-Repo-Commit header \"" + "f".repeat(40) + "\" is not the commit "
                + "asked for (" + C + ")" + REFUSED, () -> fetcher.fetch(REPO, "main"));
        server.headerCommit = C;
        server.apiCommit = "../../../../outside/x";
        refused("evil/repo@main: the commit sha in the Hub's answer \"../../../../outside/x\" is not a commit hash (40 "
                + "lowercase hex digits)" + REFUSED, () -> fetcher.fetch(REPO, "main"));
    }

    @Test
    void anEtagWithSeparatorsIsRefused() throws Exception {
        server.etag = "../../../../outside/escaped-etag";
        refused("evil/repo@main: config.json: the Hub's ETag header \"../../../../outside/escaped-etag\" is not a blob "
                + "name (1-128 letters, digits, '-' or '_'; the Hub sends a sha1 or sha256)" + REFUSED,
                () -> fetcher.fetch(REPO, "main"));
        server.etag = "abc/def";
        server.location = server.endpoint() + "/cdn/abc";
        refused("evil/repo@main: model.safetensors: the Hub's X-Linked-Etag header \"abc/def\" is not a blob name (1-128 "
                + "letters, digits, '-' or '_'; the Hub sends a sha1 or sha256)" + REFUSED,
                () -> hub.download(REPO, "main", "model.safetensors"));
    }

    @Test
    void fileNamesInTheFileListThatLeaveTheSnapshotAreRefused() throws Exception {
        String where = "evil/repo@main: a file name in the Hub's file list (siblings) ";
        server.extraSiblings = List.of("../../../../../outside/escaped-shard.safetensors");
        refused(where + "\"../../../../../outside/escaped-shard.safetensors\" has an empty, '.' or '..' segment (it would "
                + "leave its folder)" + REFUSED, () -> fetcher.fetch(REPO, "main"));
        server.extraSiblings = List.of("/tmp/absolute.safetensors");
        refused(where + "\"/tmp/absolute.safetensors\" is an absolute path (a repository's file names are relative)" + REFUSED,
                () -> fetcher.fetch(REPO, "main"));
        server.extraSiblings = List.of("..\\..\\outside\\x.safetensors");
        refused(where + "\"..\\\\..\\\\outside\\\\x.safetensors\" holds a backslash" + REFUSED, () -> fetcher.fetch(REPO, "main"));
        server.extraSiblings = List.of("a\u0000b");
        refused(where + "\"a\\u0000b\" holds a control character" + REFUSED, () -> fetcher.fetch(REPO, "main"));
    }

    @Test
    void anIndexNamingAShardOutsideTheSnapshotIsRefused() throws Exception {
        // the case: the escaping shard is in the file list too (it was linked outside the cache, exit 0)
        String shard = "../../../../../outside/escaped-shard.safetensors";
        server.files.remove("model.safetensors");
        server.files.put("model.safetensors.index.json",
                ("{\"weight_map\":{\"w\":" + HostileHub.quote(shard) + "}}").getBytes(StandardCharsets.UTF_8));
        server.extraSiblings = List.of(shard);
        refused("evil/repo@main: a file name in the Hub's file list (siblings) \"" + shard + "\" has an empty, '.' or '..' "
                + "segment (it would leave its folder)" + REFUSED, () -> fetcher.fetch(REPO, "main"));
        // the shard only in the index: refused by the index check, before any shard is fetched (config.json and the
        // index are complete, verified files of the revision and stay)
        server.extraSiblings = List.of();
        Path index = cache.resolve("models--evil--repo/snapshots/" + C + "/model.safetensors.index.json");
        Set<String> before = outsideCache();
        UserException e = assertThrows(UserException.class, () -> fetcher.fetch(REPO, "main"));
        assertEquals("evil/repo@main: model.safetensors.index.json: the shard named in weight_map for \"w\" \"" + shard + "\" has an empty, '.' or '..' "
                + "segment (it would leave its folder)" + REFUSED, e.getMessage());
        assertEquals(before, outsideCache());
        try (Stream<Path> snap = Files.list(index.getParent())) {
            assertEquals(Set.of("config.json", "model.safetensors.index.json"),
                    snap.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet()));
        }
    }

    @Test
    void aBranchListWithClimbingNamesIsRefused() throws Exception {
        server.branches = List.of("main", "../../../../outside/branch");
        refused("evil/repo: a branch name in the Hub's refs list \"../../../../outside/branch\" is not a revision name "
                + "(git's rules: no '..', no empty segment or one starting with '.', no space, control character, backslash "
                + "or ~ ^ : ? * [)" + REFUSED,
                () -> hub.branches("evil/repo"));
        server.branches = List.of("main", "refs/pr/1", "step1000-tokens4B", "stage1-step1000-tokens5B");
        assertEquals(server.branches, hub.branches("evil/repo"), "refs/pr/N and the OLMo names stay legal");
    }

    @Test
    void aRevisionThatClimbsOutIsRefusedBeforeAnyRequest() throws Exception {
        refused("evil/repo: revision \"../../../../outside/rev\" is not a revision name (git's rules: no '..', no empty "
                + "segment or one starting with '.', no space, control character, backslash or ~ ^ : ? * [)" + REFUSED,
                () -> hub.download(REPO, "../../../../outside/rev", "config.json"));
        refused("evil/repo@main: file name \"../x\" has an empty, '.' or '..' segment (it would leave its folder)" + REFUSED,
                () -> hub.download(REPO, "main", "../x"));
    }

    @Test
    void aRedirectToAFileUrlIsRefused() throws Exception {
        server.location = "file:///etc/passwd";
        refused("evil/repo@main: config.json: the redirect (Location header) from " + server.endpoint()
                + "/evil/repo/resolve/main/config.json \"file:///etc/passwd\" is not an http or https URL" + REFUSED,
                () -> hub.download(REPO, "main", "config.json"));
    }

    @Test
    void aSizeThatIsNotOneIsRefusedAndAnAbsurdOneNeedsTheDisk() throws Exception {
        server.size = "-5";
        refused("evil/repo@main: config.json: the Hub's Content-Length header \"-5\" is not a size in bytes (a non-negative "
                + "integer)" + REFUSED, () -> hub.download(REPO, "main", "config.json"));
        server.size = Long.toString(1L << 55); // 32 PiB
        server.location = server.endpoint() + "/cdn/x";
        Set<String> before = outsideCache();
        HubException e = assertThrows(HubException.class, () -> hub.download(REPO, "main", "model.safetensors"));
        assertTrue(e.getMessage().startsWith("not enough disk space for evil/repo@main: model.safetensors: needs "), e.getMessage());
        assertEquals(before, outsideCache());
        assertEquals(Set.of(), halfWritten().stream().filter(f -> !f.startsWith(".locks/")).collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void aDatasetRepoGetsTheSameChecks() throws Exception {
        server.headerCommit = "../../../../outside/escaped-commit";
        refused("datasets/evil/repo@main: config.json: the Hub's X-Repo-Commit header \"../../../../outside/escaped-commit\" "
                + "is not a commit hash (40 lowercase hex digits)" + REFUSED,
                () -> hub.download(RepoId.dataset("evil/repo"), "main", "config.json"));
    }

    @Test
    void linksAlreadyInTheCacheAreNeverWrittenOrDeletedThrough() throws Exception {
        // a good download first
        Snapshot s = fetcher.fetch(REPO, "main");
        Path repoDir = cache.resolve("models--evil--repo");
        Path weights = repoDir.resolve("snapshots").resolve(C).resolve("model.safetensors");
        String etag = Files.readSymbolicLink(weights).getFileName().toString();

        // the blob replaced by a link to a file outside: releasing the weights removes the link, not the file
        Path precious = Files.writeString(outside.resolve("precious.txt"), "keep me");
        Path blob = repoDir.resolve("blobs").resolve(etag);
        Files.delete(blob);
        Files.createSymbolicLink(blob, precious);
        assertEquals(0, new DiskBudget(hub.cache()).releaseWeights(s));
        assertEquals("keep me", Files.readString(precious));

        // a snapshot entry that links straight outside: unlinked, the target stays
        Files.createSymbolicLink(weights, precious);
        assertEquals(0, new DiskBudget(hub.cache()).releaseWeights(s));
        assertEquals("keep me", Files.readString(precious));

        // the blobs folder replaced by a link to a folder outside: no download writes there
        Path blobs = repoDir.resolve("blobs");
        try (Stream<Path> l = Files.list(blobs)) {
            for (Path p : l.toList()) Files.delete(p);
        }
        Files.delete(blobs);
        Path elsewhere = Files.createDirectories(outside.resolve("elsewhere"));
        Files.createSymbolicLink(blobs, elsewhere);
        server.files.put("model.safetensors", "other bytes".getBytes(StandardCharsets.UTF_8));
        UserException e = assertThrows(UserException.class, () -> hub.download(REPO, "main", "model.safetensors"));
        assertTrue(e.getMessage().startsWith("the cache folder " + blobs + " (or a folder above it, below " + cache
                + ") is a symbolic link"), e.getMessage());
        try (Stream<Path> l = Files.list(elsewhere)) {
            assertEquals(List.of(), l.toList());
        }
        Files.delete(blobs);
        Files.createDirectories(blobs);

        // a partial download that is a link to a file outside: never opened for writing
        String newTag = FakeHub.hex(FakeHub.digest("SHA-1", server.files.get("model.safetensors")));
        Files.createSymbolicLink(blobs.resolve(newTag + ".incomplete"), precious);
        e = assertThrows(UserException.class, () -> hub.download(REPO, "main", "model.safetensors"));
        assertTrue(e.getMessage().contains(".incomplete is a symbolic link"), e.getMessage());
        assertEquals("keep me", Files.readString(precious));

        // a lock file that is a link: not opened either
        Files.delete(blobs.resolve(newTag + ".incomplete"));
        Path lock = cache.resolve(".locks/models--evil--repo").resolve(newTag + ".lock");
        Files.deleteIfExists(lock);
        Files.createSymbolicLink(lock, outside.resolve("made-by-lock"));
        e = assertThrows(UserException.class, () -> hub.download(REPO, "main", "model.safetensors"));
        assertTrue(e.getMessage().contains(".lock is a symbolic link"), e.getMessage());
        assertFalse(Files.exists(outside.resolve("made-by-lock")));
    }
}
