package org.w2sg.hub;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.w2sg.errors.UserException;
import org.w2sg.io.Untrusted;
import org.w2sg.registry.Nearest;
import org.w2sg.registry.RefLister;
import org.w2sg.registry.Revision;
import org.w2sg.registry.RevisionScheme;

/**
 * The Hugging Face Hub's API as the harness uses it: a repo's branches, a revision's commit and file list, a file's
 * metadata (HEAD on its resolve URL), and a file of a revision put into the shared huggingface_hub cache (with
 * {@link VerifiedDownload}); HTTP errors become messages that say what they mean for the repo, revision or file.
 * Everything the server says that ends up in a path (commit, ETag, file and branch names, redirect targets, sizes)
 * is checked with {@link Untrusted} before it is used. With {@code HF_HUB_OFFLINE} it never touches the network and
 * answers from the cache alone.
 */
public final class HubClient implements RefLister {
    private static final int MAX_REDIRECTS = 5;

    private final HubSettings settings;
    private final HubCache cache;
    private final HubHttp http;
    private final VerifiedDownload downloads;

    public HubClient(HubSettings settings) {
        this(settings, settings.progress() ? TransferProgress.console() : TransferProgress.NONE);
    }

    public HubClient(HubSettings settings, TransferProgress progress) {
        this.settings = settings;
        this.cache = new HubCache(settings.cacheDir());
        this.http = new HubHttp(settings);
        this.downloads = new VerifiedDownload(http, progress);
    }

    public HubSettings settings() {
        return settings;
    }

    public HubCache cache() {
        return cache;
    }

    /** The verified, resumable downloader this client uses, for files outside any Hub repo (plain URLs). */
    public VerifiedDownload downloads() {
        return downloads;
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
        JsonNode root = http.getJson(api(id, "refs"), repo, (code, h) -> check(code, h, id, null, null));
        List<String> names = new ArrayList<>();
        for (JsonNode b : root.path("branches"))
            names.add(Untrusted.revision(repo, "a branch name in the Hub's refs list", b.path("name").asText(null)));
        return names;
    }

    /** The commit and file list of a revision ({@code GET /api/models/REPO/revision/REV}). */
    public RevisionInfo revisionInfo(RepoId repo, String revision) throws IOException {
        String where = repo + "@" + revision;
        Untrusted.revision(repo.toString(), "revision", revision);
        requireOnline(repo, revision, null);
        JsonNode root = http.getJson(api(repo, "revision/" + enc(revision)), where, (code, h) -> check(code, h, repo, revision, null));
        List<String> files = new ArrayList<>();
        for (JsonNode s : root.path("siblings"))
            files.add(Untrusted.relativeFile(where, "a file name in the Hub's file list (siblings)", s.path("rfilename").asText(null)));
        String sha = Untrusted.commit(where, "the commit sha in the Hub's answer", root.path("sha").asText(null));
        return new RevisionInfo(sha, files);
    }

    // ---------------------------------------------------------------- single files

    /** Metadata of {@code file} at {@code revision}: HEAD on the resolve URL, relative redirects followed. */
    public FileMeta head(RepoId repo, String revision, String file) throws IOException {
        return head(repo, revision, revision, file);
    }

    /** As {@link #head(RepoId, String, String)}; messages name the revision {@code label} (a branch pinned to a commit). */
    private FileMeta head(RepoId repo, String revision, String label, String file) throws IOException {
        String what = repo + "@" + label + ": " + file;
        Untrusted.revision(repo.toString(), "revision", revision);
        Untrusted.relativeFile(repo + "@" + label, "file name", file);
        requireOnline(repo, label, file);
        return http.withRetries(what, null, attempt -> {
            URI uri = resolveUrl(repo, revision, file);
            for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
                HttpResponse<Void> r = http.send(http.request(uri).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.discarding());
                int code = r.statusCode();
                HttpHeaders h = r.headers();
                if (code >= 300 && code < 400) {
                    final URI from = uri;
                    String loc = h.firstValue("Location").orElseThrow(() -> new HubException("redirect without Location from " + from));
                    URI next = Untrusted.redirect(what, uri, loc);
                    if (loc.startsWith("/") && h.firstValue("X-Repo-Commit").isEmpty()) {
                        uri = next; // a renamed repo: the Hub redirects to the new name on the same host
                        continue;
                    }
                    return meta(what, h, next);
                }
                check(r.statusCode(), h, repo, label, file);
                return meta(what, h, uri);
            }
            throw new HubException("too many redirects resolving " + what);
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
        return download(repo, revision, revision, file, expectedSha256);
    }

    /** {@code file} of {@code commit}, which the caller resolved from revision {@code label} (named in messages). */
    Path downloadPinned(RepoId repo, String commit, String label, String file) throws IOException {
        return download(repo, commit, label, file, null);
    }

    private Path download(RepoId repo, String revision, String label, String file, String expectedSha256) throws IOException {
        String what = repo + "@" + label + ": " + file;
        Untrusted.revision(repo.toString(), "revision", revision);
        Untrusted.relativeFile(repo + "@" + label, "file name", file);
        if (settings.offline()) return offlineFile(repo, revision, file);
        if (HubCache.isCommitHash(revision)) {
            Path p = cache.snapshotFile(repo, revision, file);
            if (Files.exists(p)) return p;
        }
        FileMeta meta = head(repo, revision, label, file); // every value in it is checked: nothing is written before this
        if (HubCache.isCommitHash(revision) && !meta.commit().equals(revision))
            throw new UserException(what + ": the Hub's X-Repo-Commit header " + Untrusted.quote(meta.commit())
                    + " is not the commit asked for (" + revision + "); refused before anything was written");
        Path pointer = cache.snapshotFile(repo, meta.commit(), file);
        Path blob = cache.blob(repo, meta.etag());
        cache.writeRef(repo, revision, meta.commit());
        if (Files.exists(pointer)) return pointer;
        if (expectedSha256 != null && meta.hasSha256() && !meta.etag().equals(expectedSha256))
            throw new HubException(what + ": the Hub serves content with sha256 " + meta.etag() + ", not the expected "
                    + expectedSha256 + " (the file changed upstream at this revision?); nothing was downloaded");
        cache.writableDir(blob.getParent());
        VerifiedDownload.Source source = new VerifiedDownload.Source(what, null, (code, h) -> check(code, h, repo, null, file));
        cache.withBlobLock(repo, meta.etag(), () -> {
            if (!Files.isRegularFile(blob, LinkOption.NOFOLLOW_LINKS))
                downloads.fetch(cache.incomplete(repo, meta.etag()), blob, meta, expectedSha256, source);
            return null;
        });
        return cache.link(repo, meta.commit(), file, meta.etag());
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

    // ---------------------------------------------------------------- errors

    /** Turns an HTTP error into a message that says what it means for this repo, revision or file. */
    void check(int code, HttpHeaders h, RepoId repo, String revision, String file) throws IOException {
        if (code >= 200 && code < 300) return;
        String errorCode = h.firstValue("X-Error-Code").orElse("");
        // the server's own words, without control characters (they could rewrite the user's terminal)
        String hubMessage = h.firstValue("X-Error-Message").map(m -> " (Hub: " + Untrusted.printable(m) + ")").orElse("");
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
        if (code == 429 || code >= 500) e.retryAfter = HubHttp.retryAfter(h);
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

    // ---------------------------------------------------------------- URLs and headers

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

    /** What a resolve answer says about a file, each value checked before anything can use it as a path. */
    private static FileMeta meta(String where, HttpHeaders h, URI download) throws HubException {
        String commit = h.firstValue("X-Repo-Commit").orElseThrow(() -> new HubException(where
                + ": the Hub's answer has no X-Repo-Commit header (is HF_ENDPOINT a Hub?)"));
        Untrusted.commit(where, "the Hub's X-Repo-Commit header", commit);
        String etagHeader = h.firstValue("X-Linked-Etag").isPresent() ? "X-Linked-Etag" : "ETag";
        String etag = h.firstValue(etagHeader).map(HubClient::normalizeEtag)
                .orElseThrow(() -> new HubException(where + ": the Hub's answer has no ETag"));
        Untrusted.blobName(where, "the Hub's " + etagHeader + " header", etag);
        String sizeHeader = h.firstValue("X-Linked-Size").isPresent() ? "X-Linked-Size" : "Content-Length";
        Optional<String> size = h.firstValue(sizeHeader);
        long bytes = size.isEmpty() ? -1 : Untrusted.size(where, "the Hub's " + sizeHeader + " header", size.get(), Long.MAX_VALUE);
        return new FileMeta(commit, etag, bytes, download);
    }

    /** huggingface_hub's normalisation: drop a weak-validator prefix and the quotes. */
    static String normalizeEtag(String etag) {
        String e = etag.trim();
        if (e.startsWith("W/")) e = e.substring(2);
        if (e.startsWith("\"") && e.endsWith("\"") && e.length() >= 2) e = e.substring(1, e.length() - 1);
        return e;
    }
}
