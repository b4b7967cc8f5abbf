package org.w2sg.hub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w2sg.errors.UserException;
import org.w2sg.io.AtomicFiles;
import org.w2sg.io.Sha256;
import org.w2sg.io.Untrusted;

/**
 * Gets the bytes of one file, whether a Hub repo's file or a plain URL (a dataset file on raw GitHub at a pinned
 * commit): into a {@code .incomplete} file that a later attempt resumes with a Range request, retrying transient
 * failures, with the size and the sha256 verified before an atomic rename publishes it. Redirects are followed
 * only to http(s) URLs, the token only ever goes to the Hub's own host, a body longer than announced (or than the
 * free disk) is cut off, and a symbolic link where the partial file should be is never written through.
 */
public final class VerifiedDownload {
    private static final int MAX_REDIRECTS = 5;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d{1,18})-(\\d{1,18})/(\\d{1,18}|\\*)");

    private final HubHttp http;
    private final TransferProgress progress;

    VerifiedDownload(HubHttp http, TransferProgress progress) {
        this.http = http;
        this.progress = progress;
    }

    /**
     * Where the bytes come from, for messages and errors: {@code what} names a Hub file ({@code ORG/NAME@REV: FILE});
     * for a plain URL ({@code plainUrl} set) messages do not repeat the URL, which the caller names.
     */
    record Source(String what, URI plainUrl, HubHttp.StatusCheck onError) {
        String prefix() {
            return plainUrl != null ? "" : what + ": ";
        }
    }

    /**
     * Downloads a plain URL to {@code dest}: resumable ({@code dest.incomplete}), retried, its size ({@code size},
     * -1 unknown) and sha256 verified before the atomic rename to {@code dest}; one writer at a time. Returns
     * {@code dest} at once when it is already there; refused when offline. A failed attempt leaves no empty partial
     * file, lock file or empty folder behind. Messages do not repeat the URL: the caller names it.
     */
    public Path url(URI url, Path dest, long size, String sha256) throws IOException {
        if (!Sha256.isSha256(sha256))
            throw new UserException("a URL download needs the sha256 of its content, got " + sha256);
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null)
            throw new UserException(url + " is not an http or https URL; refused");
        if (Files.isRegularFile(dest, LinkOption.NOFOLLOW_LINKS)) return dest;
        if (http.settings().offline())
            throw new HubException("offline (HF_HUB_OFFLINE=1): not downloaded (the file belongs at " + dest + ")");
        Path dir = dest.getParent();
        boolean madeDir = !Files.exists(dir, LinkOption.NOFOLLOW_LINKS);
        Files.createDirectories(dir);
        Path part = dest.resolveSibling(dest.getFileName() + ".incomplete");
        Path lock = dest.resolveSibling("." + dest.getFileName() + ".lock");
        FileMeta meta = new FileMeta(null, sha256, size, url);
        Source source = new Source(url.toString(), url, VerifiedDownload::plainStatus);
        try {
            FileLocks.with(lock, true, () -> {
                if (!Files.isRegularFile(dest, LinkOption.NOFOLLOW_LINKS)) fetch(part, dest, meta, null, source);
                return null;
            });
        } catch (IOException | RuntimeException e) {
            if (Files.isRegularFile(part, LinkOption.NOFOLLOW_LINKS) && Files.size(part) == 0) Files.deleteIfExists(part);
            if (madeDir) {
                try (var s = Files.list(dir)) {
                    if (s.findAny().isEmpty()) Files.deleteIfExists(dir);
                }
            }
            throw e;
        }
        return dest;
    }

    private static void plainStatus(int code, HttpHeaders h) throws HubException {
        HubException e = new HubException("HTTP " + code + (code == 404 ? " (not found: is the URL still valid?)" : ""), code, null);
        if (code == 429 || code >= 500) e.retryAfter = HubHttp.retryAfter(h);
        throw e;
    }

    /**
     * Downloads {@code meta}'s bytes into {@code part} (resuming what is there), verifies the size, the sha256 that
     * the ETag names (LFS files) and {@code expectedSha256} (when given), then renames {@code part} to {@code dest}.
     */
    void fetch(Path part, Path dest, FileMeta meta, String expectedSha256, Source source) throws IOException {
        Files.createDirectories(part.getParent());
        if (Files.isSymbolicLink(part))
            throw new UserException(part + " is a symbolic link (to " + Files.readSymbolicLink(part) + "); the harness "
                    + "never writes through a link in the cache: remove it and run again");
        long have = Files.exists(part, LinkOption.NOFOLLOW_LINKS) ? Files.size(part) : 0;
        long free = Files.getFileStore(part.getParent()).getUsableSpace();
        if (meta.size() > 0 && meta.size() - have > free)
            throw new HubException("not enough disk space for " + source.what() + ": needs " + mib(meta.size() - have)
                    + " more in " + part.getParent() + ", " + mib(free) + " free");
        // sha256 runs while the bytes arrive; a resumed transfer first hashes what is already on disk
        boolean hashed = meta.hasSha256() || expectedSha256 != null;
        MessageDigest[] hash = new MessageDigest[1];
        http.withRetries(source.what(), source.plainUrl(), attempt -> {
            hash[0] = hashed ? Sha256.digest() : null;
            transfer(part, meta, source, hash[0]);
            return null;
        });
        long size = Files.size(part);
        boolean plain = source.plainUrl() != null;
        if (meta.size() >= 0 && size != meta.size()) {
            Files.deleteIfExists(part);
            throw new HubException(source.prefix() + "got " + size + " bytes, " + (plain ? "expected " : "the Hub announced ")
                    + meta.size() + "; nothing was kept");
        }
        String got = hashed ? Sha256.hex(hash[0]) : null;
        String whose = plain ? "the expected " : "the Hub's ";
        for (String want : new String[] {meta.hasSha256() ? meta.etag() : null, expectedSha256}) {
            if (want != null && !got.equals(want)) {
                Files.deleteIfExists(part);
                throw new HubException(source.prefix() + "sha256 " + got + " does not match " + whose + want
                        + "; the download was deleted and nothing was " + (plain ? "kept" : "linked") + " (run again to retry)");
            }
            whose = "the expected ";
        }
        AtomicFiles.moveIntoPlace(part, dest);
    }

    /** One attempt: GET (with Range when part of the file is there) and append to {@code part}. */
    private void transfer(Path part, FileMeta meta, Source source, MessageDigest digest) throws IOException {
        long have = Files.exists(part, LinkOption.NOFOLLOW_LINKS) ? Files.size(part) : 0;
        if (meta.size() >= 0 && have > meta.size()) {
            Files.delete(part);
            have = 0;
        }
        if (meta.size() >= 0 && have == meta.size()) { // an earlier attempt got every byte
            if (digest != null) {
                digest.reset();
                try (FileChannel ch = FileChannel.open(part, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                    Sha256.update(digest, ch, have);
                }
            }
            return;
        }
        URI uri = meta.downloadUrl();
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder b = http.request(uri).GET();
            if (have > 0) b.header("Range", "bytes=" + have + "-");
            final long start = have;
            // never more than announced; with no size announced, never more than the disk holds
            long limit = meta.size() >= 0 ? meta.size() - start : Files.getFileStore(part.getParent()).getUsableSpace();
            HttpResponse<Long> r;
            try (FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                 TransferProgress.Handle bar = progress.start(source.what(), meta.size(), have)) {
                r = sendInto(b.build(), info -> {
                    int code = info.statusCode();
                    if (code == 200 || (code == 206 && rangeStart(info.headers()) == start)) {
                        try {
                            ch.truncate(code == 200 ? 0 : start);
                            ch.position(code == 200 ? 0 : start);
                            if (digest != null) {
                                digest.reset();
                                if (code == 206) Sha256.update(digest, ch, start);
                            }
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        if (code == 200 && start > 0) bar.reset();
                        return new FileSink(ch, digest, bar, http.settings().readTimeout(), code == 200 ? limit + start : limit);
                    }
                    return HttpResponse.BodySubscribers.replacing(-1L);
                });
                ch.force(false);
            }
            int code = r.statusCode();
            if (code >= 300 && code < 400) {
                final URI from = uri;
                String loc = r.headers().firstValue("Location").orElseThrow(() -> new HubException("redirect without Location from " + from));
                uri = Untrusted.redirect(source.what(), uri, loc);
                continue;
            }
            if (code == 416) { // our partial file no longer fits the remote one: start over
                Files.deleteIfExists(part);
                throw new HubHttp.TransientException("the server refused the Range request (416); restarting from byte 0");
            }
            if (code == 206 && r.body() < 0)
                throw new HubHttp.TransientException("the server answered the Range request from another offset; retrying");
            if (code != 200 && code != 206) source.onError().check(code, r.headers());
            long now = Files.size(part);
            if (meta.size() >= 0 && now < meta.size())
                throw new HubHttp.TransientException("the connection ended after " + now + " of " + meta.size() + " bytes");
            return;
        }
        throw new HubException("too many redirects downloading " + source.what());
    }

    /** send(), with a refusal by the sink (a body longer than announced) kept as it is rather than retried. */
    private <T> HttpResponse<T> sendInto(HttpRequest req, HttpResponse.BodyHandler<T> handler) throws IOException {
        try {
            return http.send(req, handler);
        } catch (IOException e) {
            if (e.getCause() instanceof HubException refused) throw refused;
            throw e;
        }
    }

    private static long rangeStart(HttpHeaders h) {
        Matcher m = CONTENT_RANGE.matcher(h.firstValue("Content-Range").orElse(""));
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
