package org.w2sg.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w2sg.registry.Nearest;
import org.w2sg.registry.RefLister;
import org.w2sg.registry.Revision;
import org.w2sg.registry.RevisionScheme;

/**
 * Speaks the Hugging Face Hub's HTTP protocol with Java's own HttpClient and fills the shared huggingface_hub cache:
 * refs listing, revision file lists, and file downloads that resume with Range requests, verify size and (for LFS
 * files) sha256 before an atomic publish, and retry transient failures with capped exponential backoff. With
 * {@code HF_HUB_OFFLINE} it never touches the network and answers from the cache alone.
 */
public final class HubClient implements RefLister {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REDIRECTS = 5;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    static {
        // HttpClient reads bodies in 16 KiB buffers by default; 256 KiB ones roughly double the loopback throughput
        // (measured: see README). Must be set before the JDK's HttpClient classes initialise.
        if (System.getProperty("jdk.httpclient.bufsize") == null) System.setProperty("jdk.httpclient.bufsize", "262144");
    }

    private final HubSettings settings;
    private final HubCache cache;
    private final HttpClient http;
    private final TransferProgress progress;

    public HubClient(HubSettings settings) {
        this(settings, settings.progress() ? TransferProgress.console() : TransferProgress.NONE);
    }

    public HubClient(HubSettings settings, TransferProgress progress) {
        this.settings = settings;
        this.cache = new HubCache(settings.cacheDir());
        this.progress = progress;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER) // we follow ourselves: auth must not leak to the CDN
                .build();
    }

    public HubSettings settings() {
        return settings;
    }

    public HubCache cache() {
        return cache;
    }

    // ---------------------------------------------------------------- refs and revisions

    /** Branch names of {@code repo}: from the Hub, or from the cache's refs/ when offline. */
    @Override
    public List<String> branches(String repo) throws IOException {
        return branches(RepoId.parse(repo));
    }

    /** Branch names of a model or dataset repo: from the Hub, or from the cache's refs/ when offline. */
    public List<String> branches(RepoId id) throws IOException {
        String repo = id.toString();
        if (settings.offline()) {
            List<String> refs = cache.cachedRefs(id);
            if (refs.isEmpty())
                throw new HubException("offline (HF_HUB_OFFLINE=1): no revision of " + repo + " is in the cache "
                        + cache.repoDir(id) + "; run 'harness download' for it where the Hub is reachable");
            return refs;
        }
        URI uri = api(id, "refs");
        JsonNode root = getJson(uri, id, null, null);
        List<String> names = new ArrayList<>();
        for (JsonNode b : root.path("branches")) names.add(b.path("name").asText());
        return names;
    }

    /** The commit and file list of a revision ({@code GET /api/models/REPO/revision/REV}). */
    public RevisionInfo revisionInfo(RepoId repo, String revision) throws IOException {
        requireOnline(repo, revision, null);
        JsonNode root = getJson(api(repo, "revision/" + enc(revision)), repo, revision, null);
        List<String> files = new ArrayList<>();
        for (JsonNode s : root.path("siblings")) files.add(s.path("rfilename").asText());
        String sha = root.path("sha").asText(null);
        if (sha == null || !HubCache.isCommitHash(sha))
            throw new HubException("the Hub's answer for " + repo + "@" + revision + " has no commit sha");
        return new RevisionInfo(sha, files);
    }

    // ---------------------------------------------------------------- single files

    /** Metadata of {@code file} at {@code revision}: HEAD on the resolve URL, relative redirects followed. */
    public FileMeta head(RepoId repo, String revision, String file) throws IOException {
        requireOnline(repo, revision, file);
        return withRetries(repo + "@" + revision + ": " + file, attempt -> {
            URI uri = resolveUrl(repo, revision, file);
            for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
                HttpResponse<Void> r = send(request(uri).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.discarding());
                int code = r.statusCode();
                HttpHeaders h = r.headers();
                if (code >= 300 && code < 400) {
                    final URI from = uri;
                    String loc = h.firstValue("Location").orElseThrow(() -> new HubException("redirect without Location from " + from));
                    URI next = uri.resolve(loc);
                    if (loc.startsWith("/") && commitHeader(h).isEmpty()) {
                        uri = next; // a renamed repo: the Hub redirects to the new name on the same host
                        continue;
                    }
                    return meta(repo, revision, file, h, next);
                }
                check(r.statusCode(), h, repo, revision, file);
                return meta(repo, revision, file, h, uri);
            }
            throw new HubException("too many redirects resolving " + repo + "@" + revision + ": " + file);
        });
    }

    /**
     * The local path of {@code file} at {@code revision}: from the cache when it is there, else downloaded into it.
     * Returns the snapshot path (snapshots/COMMIT/FILE), which huggingface_hub resolves the same way.
     */
    public Path download(RepoId repo, String revision, String file) throws IOException {
        return download(repo, revision, file, null);
    }

    /**
     * As {@link #download(RepoId, String, String)}, and a new download must also have the sha256 {@code expectedSha256}
     * (null: no pin) before it is published, whatever the Hub's ETag: bytes other than the ones the caller pinned are
     * never linked into the cache. A file that is already cached is returned as it is (the caller checks it).
     */
    public Path download(RepoId repo, String revision, String file, String expectedSha256) throws IOException {
        if (settings.offline()) return offlineFile(repo, revision, file);
        if (HubCache.isCommitHash(revision)) {
            Path p = cache.snapshotFile(repo, revision, file);
            if (Files.exists(p)) return p;
        }
        FileMeta meta = head(repo, revision, file);
        cache.writeRef(repo, revision, meta.commit());
        Path pointer = cache.snapshotFile(repo, meta.commit(), file);
        if (Files.exists(pointer)) return pointer;
        String what = repo + "@" + revision + ": " + file;
        if (expectedSha256 != null && meta.hasSha256() && !meta.etag().equals(expectedSha256))
            throw new HubException(what + ": the Hub serves content with sha256 " + meta.etag() + ", not the expected "
                    + expectedSha256 + " (the file changed upstream at this revision?); nothing was downloaded");
        Path blob = cache.blob(repo, meta.etag());
        cache.withBlobLock(repo, meta.etag(), () -> {
            if (!Files.isRegularFile(blob))
                fetchVerified(cache.incomplete(repo, meta.etag()), blob, meta, expectedSha256, what, repo, file);
            return null;
        });
        return cache.link(repo, meta.commit(), file, meta.etag());
    }

    /**
     * Downloads a plain URL (a file outside any Hub repo, e.g. raw GitHub at a pinned commit) to {@code dest} with the
     * machinery of Hub files: the bytes go to {@code dest.incomplete}, which a later call resumes with a Range
     * request; transient failures are retried with backoff; the size ({@code size}, -1 unknown) and the sha256 are
     * verified before the atomic rename to {@code dest}; one writer at a time (a lock file beside {@code dest}).
     * Returns {@code dest} at once when it is already there. Refused when offline.
     */
    public Path downloadUrl(URI url, Path dest, long size, String sha256) throws IOException {
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}"))
            throw new IllegalArgumentException("a URL download needs the sha256 of its content, got " + sha256);
        if (Files.isRegularFile(dest)) return dest;
        if (settings.offline())
            throw new HubException("offline (HF_HUB_OFFLINE=1): cannot download " + url + " (to " + dest + ")");
        Files.createDirectories(dest.getParent());
        Path part = dest.resolveSibling(dest.getFileName() + ".incomplete");
        Path lock = dest.resolveSibling("." + dest.getFileName() + ".lock");
        FileMeta meta = new FileMeta(null, sha256, size, url);
        HubCache.withFileLock(lock, () -> {
            if (!Files.isRegularFile(dest)) fetchVerified(part, dest, meta, null, url.toString(), null, url.toString());
            return null;
        });
        return dest;
    }

    private Path offlineFile(RepoId repo, String revision, String file) throws IOException {
        String commit = cache.commitOf(repo, revision).orElse(null);
        if (commit == null)
            throw new HubException("offline (HF_HUB_OFFLINE=1): " + repo + "@" + revision + " is not in the cache "
                    + cache.repoDir(repo) + " (no refs/" + revision + "); cached revisions: " + describeCached(repo)
                    + ". Run 'harness download' for it where the Hub is reachable");
        Path p = cache.snapshotFile(repo, commit, file);
        if (!Files.exists(p))
            throw new HubException("offline (HF_HUB_OFFLINE=1): " + repo + "@" + revision + " (commit " + commit
                    + ") is cached without " + file + " (looked for " + p + ")");
        return p;
    }

    private String describeCached(RepoId repo) throws IOException {
        List<String> refs = cache.cachedRefs(repo);
        if (refs.isEmpty()) return "none";
        return refs.size() <= 8 ? String.join(", ", refs) : String.join(", ", refs.subList(0, 8)) + " … (" + refs.size() + ")";
    }

    /**
     * Downloads {@code meta}'s bytes into {@code part} (resuming what is there), verifies the size, the sha256 that the
     * ETag names (LFS files) and {@code expectedSha256} (when given), then renames {@code part} to {@code dest}.
     * {@code repo} and {@code file} name the source in error messages (repo null: {@code file} is a plain URL).
     */
    private void fetchVerified(Path part, Path dest, FileMeta meta, String expectedSha256, String what, RepoId repo,
                               String file) throws IOException {
        Files.createDirectories(part.getParent());
        if (meta.size() > 0) {
            long have = Files.exists(part) ? Files.size(part) : 0;
            long free = Files.getFileStore(part.getParent()).getUsableSpace();
            if (meta.size() - have > free)
                throw new HubException("not enough disk space for " + what + ": needs " + mib(meta.size() - have)
                        + " more in " + part.getParent() + ", " + mib(free) + " free");
        }
        // sha256 runs while the bytes arrive; a resumed transfer first hashes what is already on disk
        boolean hashed = meta.hasSha256() || expectedSha256 != null;
        MessageDigest[] hash = new MessageDigest[1];
        withRetries(what, attempt -> {
            hash[0] = hashed ? sha256Digest() : null;
            transfer(part, meta, repo, file, what, hash[0]);
            return null;
        });
        long size = Files.size(part);
        if (meta.size() >= 0 && size != meta.size()) {
            Files.deleteIfExists(part);
            throw new HubException(what + ": got " + size + " bytes, " + (repo == null ? "expected " : "the Hub announced ")
                    + meta.size() + "; nothing was kept");
        }
        String got = hashed ? HexFormat.of().formatHex(hash[0].digest()) : null;
        String whose = repo == null ? "the expected " : "the Hub's ";
        for (String want : new String[] {meta.hasSha256() ? meta.etag() : null, expectedSha256}) {
            if (want != null && !got.equals(want)) {
                Files.deleteIfExists(part);
                throw new HubException(what + ": sha256 " + got + " does not match " + whose + want
                        + "; the download was deleted and nothing was " + (repo == null ? "kept" : "linked") + " (run again to retry)");
            }
            whose = "the expected ";
        }
        org.w2sg.io.AtomicFiles.moveIntoPlace(part, dest);
    }

    /** One attempt: GET (with Range when part of the file is there) and append to {@code part}. */
    private void transfer(Path part, FileMeta meta, RepoId repo, String file, String what, MessageDigest digest) throws IOException {
        long have = Files.exists(part) ? Files.size(part) : 0;
        if (meta.size() >= 0 && have > meta.size()) {
            Files.delete(part);
            have = 0;
        }
        if (meta.size() >= 0 && have == meta.size()) { // an earlier attempt got every byte
            if (digest != null) {
                digest.reset();
                try (FileChannel ch = FileChannel.open(part, StandardOpenOption.READ)) {
                    hashPrefix(ch, have, digest);
                }
            }
            return;
        }
        URI uri = meta.downloadUrl();
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder b = request(uri).GET();
            if (have > 0) b.header("Range", "bytes=" + have + "-");
            final long start = have;
            HttpResponse<Long> r;
            try (FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                 TransferProgress.Handle bar = progress.start(what, meta.size(), have)) {
                r = send(b.build(), info -> {
                    int code = info.statusCode();
                    if (code == 200 || (code == 206 && rangeStart(info.headers()) == start)) {
                        try {
                            ch.truncate(code == 200 ? 0 : start);
                            ch.position(code == 200 ? 0 : start);
                            if (digest != null) {
                                digest.reset();
                                if (code == 206) hashPrefix(ch, start, digest);
                            }
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                        if (code == 200 && start > 0) bar.reset();
                        return new FileSink(ch, digest, bar, settings.readTimeout());
                    }
                    return HttpResponse.BodySubscribers.replacing(-1L);
                });
                ch.force(false);
            }
            int code = r.statusCode();
            if (code >= 300 && code < 400) {
                String loc = r.headers().firstValue("Location").orElseThrow(() -> new HubException("redirect without Location from " + meta.downloadUrl()));
                uri = uri.resolve(loc);
                continue;
            }
            if (code == 416) { // our partial file no longer fits the remote one: start over
                Files.deleteIfExists(part);
                throw new TransientException("the server refused the Range request (416); restarting from byte 0");
            }
            if (code == 206 && r.body() < 0)
                throw new TransientException("the server answered the Range request from another offset; retrying");
            if (code != 200 && code != 206) check(code, r.headers(), repo, null, file);
            long now = Files.size(part);
            if (meta.size() >= 0 && now < meta.size())
                throw new TransientException("the connection ended after " + now + " of " + meta.size() + " bytes");
            return;
        }
        throw new HubException("too many redirects downloading " + what);
    }

    private static void hashPrefix(FileChannel ch, long length, MessageDigest digest) throws IOException {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(1 << 20);
        for (long pos = 0; pos < length; ) {
            buf.clear().limit((int) Math.min(buf.capacity(), length - pos));
            int k = ch.read(buf, pos);
            if (k < 0) throw new IOException("partial file shorter than expected");
            buf.flip();
            digest.update(buf);
            pos += k;
        }
    }

    private static long rangeStart(HttpHeaders h) {
        Matcher m = CONTENT_RANGE.matcher(h.firstValue("Content-Range").orElse(""));
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    // ---------------------------------------------------------------- errors and retries

    /** A failure worth another attempt (timeouts, resets, 429, 5xx, a short body). */
    static final class TransientException extends IOException {
        TransientException(String message) {
            super(message);
        }
    }

    @FunctionalInterface
    private interface Attempt<T> {
        T run(int attempt) throws IOException;
    }

    private <T> T withRetries(String what, Attempt<T> call) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.run(attempt);
            } catch (IOException e) {
                boolean transientFailure = e instanceof TransientException
                        || (e instanceof HubException h && (h.status() == 429 || h.status() >= 500))
                        || (!(e instanceof HubException) && !(e instanceof InterruptedIOException && Thread.currentThread().isInterrupted()));
                if (!transientFailure) throw e;
                if (attempt >= settings.maxAttempts()) {
                    String unreachable = unreachable(e);
                    if (unreachable != null) {
                        throw new HubException(what + ": cannot reach the Hub at " + settings.endpoint() + " ("
                                + unreachable + "; " + attempt + " attempts). Without network: prefetch with 'harness "
                                + "download' where the Hub is reachable, then run with HF_HUB_OFFLINE=1; or set "
                                + "HF_ENDPOINT to a mirror. A name is read as a local folder only if that folder exists",
                                0, e);
                    }
                    throw new HubException(what + ": failed after " + attempt + " attempts: " + reason(e),
                            e instanceof HubException h ? h.status() : 0, e);
                }
                Duration wait = settings.backoff(attempt);
                if (e instanceof HubException h && h.retryAfter != null && h.retryAfter.compareTo(settings.backoffCap()) <= 0)
                    wait = h.retryAfter;
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting to retry " + what);
                }
            }
        }
    }

    /** Why the Hub's host could not be reached at all (no answer came back), or null when it answered. */
    static String unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.nio.channels.UnresolvedAddressException || t instanceof java.net.UnknownHostException)
                return "its host name does not resolve";
            if (t instanceof java.net.http.HttpConnectTimeoutException) return "the connection timed out";
            if (t instanceof ConnectException) {
                if (t.getCause() != null && unreachable(t.getCause()) != null) return unreachable(t.getCause());
                return "the connection was refused";
            }
            if (t instanceof java.net.NoRouteToHostException) return "no route to the host";
        }
        return null;
    }

    private static String reason(Throwable e) {
        // HttpClient wraps the real cause (reset, EOF, our own stall timeout) in a bare IOException
        while (e.getMessage() == null && e.getCause() != null) e = e.getCause();
        String kind = e instanceof ConnectException ? "cannot connect" : e instanceof java.net.http.HttpTimeoutException ? "timed out"
                : e instanceof HubException || e instanceof TransientException ? null : e.getClass().getSimpleName();
        String msg = e.getMessage() == null ? "" : e.getMessage();
        return kind == null ? msg : kind + (msg.isEmpty() ? "" : " (" + msg + ")");
    }

    /** Turns an HTTP error into a message that says what it means for this repo, revision or file. */
    private void check(int code, HttpHeaders h, RepoId repo, String revision, String file) throws IOException {
        if (code >= 200 && code < 300) return;
        if (repo == null) { // a plain URL: no Hub error codes to read
            HubException e = new HubException(file + ": HTTP " + code + (code == 404 ? " (not found: is the URL still valid?)" : ""), code, null);
            if (code == 429 || code >= 500)
                e.retryAfter = h.firstValue("Retry-After").filter(v -> v.matches("\\d+")).map(v -> Duration.ofSeconds(Long.parseLong(v))).orElse(null);
            throw e;
        }
        String errorCode = h.firstValue("X-Error-Code").orElse("");
        String hubMessage = h.firstValue("X-Error-Message").map(m -> " (Hub: " + m + ")").orElse("");
        String target = repo + (revision == null ? "" : "@" + revision) + (file == null ? "" : ": " + file);
        if (code == 401 || code == 403) {
            String why = errorCode.equals("GatedRepo")
                    ? "is gated: accept its conditions on the repo's page, then set HF_TOKEN to a token of that account"
                    : settings.token() == null
                    ? "is private, gated or does not exist, and no HF_TOKEN is set: set HF_TOKEN to a token with access"
                    : "refused the token in HF_TOKEN: check that it is valid and has access to this repo";
            throw new HubException(target + ": HTTP " + code + ": the repo " + why + hubMessage, code, null);
        }
        if (code == 404) {
            if (errorCode.equals("RepoNotFound"))
                throw new HubException(target + ": HTTP 404: no such repo on " + settings.endpoint() + hubMessage, code, null);
            boolean revisionMissing = errorCode.equals("RevisionNotFound")
                    || (revision != null && !errorCode.equals("EntryNotFound") && !revisionExists(repo, revision));
            if (revisionMissing && revision != null)
                throw new HubException(repo + " has no revision '" + revision + "' (HTTP 404); nearest: " + nearest(repo, revision), code, null);
            throw new HubException(target + ": HTTP 404: no such file in this revision" + hubMessage, code, null);
        }
        HubException e = new HubException(target + ": HTTP " + code + hubMessage, code, null);
        if (code == 429 || code >= 500) {
            e.retryAfter = h.firstValue("Retry-After").filter(v -> v.matches("\\d+")).map(v -> Duration.ofSeconds(Long.parseLong(v))).orElse(null);
            throw e;
        }
        throw e;
    }

    private boolean revisionExists(RepoId repo, String revision) {
        if (HubCache.isCommitHash(revision)) return true;
        try {
            return branches(repo).contains(revision);
        } catch (IOException e) {
            return true; // cannot tell; report the file as missing rather than guess
        }
    }

    /** The existing revisions nearest to a missing one (by step when the name holds one). */
    private String nearest(RepoId repo, String revision) {
        try {
            List<Revision> revs = new ArrayList<>();
            for (String b : branches(repo)) revs.add(RevisionScheme.parseLoose(b));
            revs.sort(null);
            return String.join(", ", Nearest.revisions(revs, revision, 4).stream().map(Revision::name).toList());
        } catch (IOException e) {
            return "(could not list the repo's branches: " + e.getMessage() + ")";
        }
    }

    private void requireOnline(RepoId repo, String revision, String file) throws HubException {
        if (settings.offline())
            throw new HubException("offline (HF_HUB_OFFLINE=1): cannot ask the Hub about " + repo
                    + (revision == null ? "" : "@" + revision) + (file == null ? "" : ": " + file));
    }

    // ---------------------------------------------------------------- HTTP plumbing

    private JsonNode getJson(URI uri, RepoId repo, String revision, String file) throws IOException {
        return withRetries(repo + (revision == null ? "" : "@" + revision), attempt -> {
            HttpResponse<InputStream> r = send(request(uri).header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                if (r.statusCode() != 200) {
                    in.readAllBytes();
                    check(r.statusCode(), r.headers(), repo, revision, file);
                }
                return JSON.readTree(in);
            }
        });
    }

    private <T> HttpResponse<T> send(HttpRequest req, HttpResponse.BodyHandler<T> handler) throws IOException {
        try {
            return http.send(req, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted: " + req.uri());
        }
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(settings.readTimeout())
                .header("User-Agent", "w2sg-harness/0.1 (java " + Runtime.version().feature() + ")");
        // the token goes to the Hub only, never to a CDN host a redirect points at
        if (settings.token() != null && sameOrigin(uri, settings.endpoint()))
            b.header("Authorization", "Bearer " + settings.token());
        return b;
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private URI api(RepoId repo, String tail) {
        return URI.create(settings.endpoint() + "/api/" + repo.apiPath() + "/" + tail);
    }

    URI resolveUrl(RepoId repo, String revision, String file) {
        StringBuilder path = new StringBuilder();
        for (String seg : file.split("/")) path.append('/').append(enc(seg));
        return URI.create(settings.endpoint() + "/" + repo.urlPath() + "/resolve/" + enc(revision) + path);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Optional<String> commitHeader(HttpHeaders h) {
        return h.firstValue("X-Repo-Commit");
    }

    private static FileMeta meta(RepoId repo, String revision, String file, HttpHeaders h, URI download) throws HubException {
        String commit = commitHeader(h).orElseThrow(() -> new HubException(repo + "@" + revision + ": " + file
                + ": the Hub's answer has no X-Repo-Commit header (is HF_ENDPOINT a Hub?)"));
        String etag = h.firstValue("X-Linked-Etag").or(() -> h.firstValue("ETag")).map(HubClient::normalizeEtag)
                .orElseThrow(() -> new HubException(repo + "@" + revision + ": " + file + ": the Hub's answer has no ETag"));
        long size = h.firstValue("X-Linked-Size").or(() -> h.firstValue("Content-Length"))
                .map(Long::parseLong).orElse(-1L);
        return new FileMeta(commit, etag, size, download);
    }

    /** huggingface_hub's normalisation: drop a weak-validator prefix and the quotes. */
    static String normalizeEtag(String etag) {
        String e = etag.trim();
        if (e.startsWith("W/")) e = e.substring(2);
        if (e.startsWith("\"") && e.endsWith("\"") && e.length() >= 2) e = e.substring(1, e.length() - 1);
        return e;
    }

    public static String sha256(Path file) throws IOException {
        MessageDigest md = sha256Digest();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocateDirect(1 << 20);
            while (ch.read(buf) > 0) {
                buf.flip();
                md.update(buf);
                buf.clear();
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
