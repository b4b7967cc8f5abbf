package org.w2sg.hub;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * A loopback server that speaks the parts of the Hugging Face Hub protocol the client uses, plus a second server
 * standing in for the LFS CDN: {@code /api/models/R/refs}, {@code /api/models/R/revision/REV},
 * {@code /R/resolve/REV/FILE} (HEAD/GET; LFS files answer 302 to the CDN with X-Linked-Etag / X-Linked-Size, other
 * files 200 with a git ETag), Range requests, and the Hub's error codes. Dataset repos are added under the name
 * {@code datasets/ORG/NAME} and served at {@code /api/datasets/...} and {@code /datasets/ORG/NAME/resolve/...}; plain
 * files outside any repo (raw GitHub) at {@code CDN/raw/PATH} ({@link #addRaw}). Faults can be injected per request.
 */
public final class FakeHub implements AutoCloseable {
    public record Entry(Path source, long size, boolean lfs, String sha256, String gitSha1) {}

    public record Rev(String name, String commit, Map<String, Entry> files) {}

    public record Req(String server, String method, String path, String range, String auth) {}

    private final HttpServer hub, cdn;
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Map<String, Rev>> repos = new ConcurrentHashMap<>();
    private final Map<String, Entry> bySha = new ConcurrentHashMap<>();
    public final List<Req> log = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Deque<Integer>> failures = new ConcurrentHashMap<>();
    private final Map<String, Long> cuts = new ConcurrentHashMap<>();
    private final Map<String, Long> stalls = new ConcurrentHashMap<>();
    private final Set<String> corrupt = ConcurrentHashMap.newKeySet();
    private final Map<String, String> gated = new ConcurrentHashMap<>(); // repo -> token that opens it
    private final Map<String, Entry> raw = new ConcurrentHashMap<>(); // CDN path -> file

    public FakeHub() throws IOException {
        InetAddress lo = InetAddress.getLoopbackAddress();
        hub = HttpServer.create(new InetSocketAddress(lo, 0), 64);
        cdn = HttpServer.create(new InetSocketAddress(lo, 0), 64);
        hub.createContext("/", ex -> handle("hub", ex));
        cdn.createContext("/", ex -> handle("cdn", ex));
        hub.setExecutor(pool);
        cdn.setExecutor(pool);
        hub.start();
        cdn.start();
    }

    public URI endpoint() {
        return URI.create("http://" + hub.getAddress().getHostString() + ":" + hub.getAddress().getPort());
    }

    public URI cdnBase() {
        return URI.create("http://" + cdn.getAddress().getHostString() + ":" + cdn.getAddress().getPort());
    }

    /** Serves the files of {@code folder} (not its sub-folders) as revision {@code name} of {@code repo}. */
    public Rev addRevision(String repo, String name, Path folder) throws IOException {
        Map<String, Entry> files = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(folder)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) files.put(p.getFileName().toString(), entry(p));
        }
        return addRevision(repo, name, files);
    }

    public Rev addRevision(String repo, String name, Map<String, Entry> files) {
        String commit = hex(digest("SHA-1", (repo + "\0" + name).getBytes(StandardCharsets.UTF_8)));
        Rev rev = new Rev(name, commit, files);
        repos.computeIfAbsent(repo, r -> new ConcurrentHashMap<>()).put(name, rev);
        files.values().forEach(e -> { if (e.lfs()) bySha.put(e.sha256(), e); });
        return rev;
    }

    public static Entry entry(Path p) throws IOException {
        String n = p.getFileName().toString();
        return entry(p, n.endsWith(".safetensors") || n.endsWith(".bin"));
    }

    /** A file stored in LFS (served through the CDN, ETag = sha256) or in plain git (ETag = git blob sha1). */
    public static Entry entry(Path p, boolean lfs) throws IOException {
        long size = Files.size(p);
        MessageDigest sha256 = md("SHA-256"), sha1 = md("SHA-1");
        sha1.update(("blob " + size + "\0").getBytes(StandardCharsets.US_ASCII));
        try (InputStream in = Files.newInputStream(p)) {
            byte[] buf = new byte[1 << 20];
            for (int k; (k = in.read(buf)) > 0; ) {
                sha256.update(buf, 0, k);
                sha1.update(buf, 0, k);
            }
        }
        return new Entry(p, size, lfs, hex(sha256.digest()), hex(sha1.digest()));
    }

    /** Serves {@code file} as a plain download at {@code CDN/raw/PATH} (GET/HEAD, Range); returns its URL. */
    public URI addRaw(String path, Path file) throws IOException {
        Entry e = entry(file, false);
        raw.put("/raw/" + path, e);
        return URI.create(cdnBase() + "/raw/" + path);
    }

    public void gate(String repo, String token) {
        gated.put(repo, token);
    }

    /** The next requests whose path contains {@code pathPart} answer these statuses, in order. */
    public void failNext(String pathPart, int... statuses) {
        Deque<Integer> d = failures.computeIfAbsent(pathPart, k -> new ArrayDeque<>());
        synchronized (d) {
            for (int s : statuses) d.add(s);
        }
    }

    /** The next CDN transfer of blob {@code sha256} stops after {@code bytes} bytes and drops the connection. */
    public void cutNext(String sha256, long bytes) {
        cuts.put(sha256, bytes);
    }

    /** The next CDN transfer of blob {@code sha256} sends {@code bytes} bytes, then goes silent for 10 s. */
    public void stallNext(String sha256, long bytes) {
        stalls.put(sha256, bytes);
    }

    /** The next CDN transfer of blob {@code sha256} has one byte flipped. */
    public void corruptNext(String sha256) {
        corrupt.add(sha256);
    }

    public List<Req> requests(String server, String method) {
        synchronized (log) {
            return log.stream().filter(r -> r.server().equals(server) && r.method().equals(method)).toList();
        }
    }

    /** Thrown out of a handler to make the server drop the connection mid-body (what a network cut looks like). */
    static final class Cut extends RuntimeException {
        Cut() {
            super("transfer cut by the test", null, false, false);
        }
    }

    private void handle(String server, HttpExchange ex) throws IOException {
        try {
            serve(server, ex);
        } catch (Cut cut) {
            throw cut; // no close(): the server drops the connection, the client sees a truncated body
        }
        ex.close();
    }

    private void serve(String server, HttpExchange ex) throws IOException {
        {
            String path = ex.getRequestURI().getRawPath();
            Headers in = ex.getRequestHeaders();
            log.add(new Req(server, ex.getRequestMethod(), path, in.getFirst("Range"), in.getFirst("Authorization")));
            for (var f : failures.entrySet()) {
                if (!path.contains(f.getKey())) continue;
                Integer status;
                synchronized (f.getValue()) {
                    status = f.getValue().poll();
                }
                if (status != null) {
                    ex.getResponseHeaders().set("Retry-After", "0");
                    send(ex, status, "injected failure");
                    return;
                }
            }
            if (server.equals("cdn")) cdnGet(ex, path);
            else if (path.startsWith("/api/models/")) api(ex, path.substring("/api/models/".length()), "");
            else if (path.startsWith("/api/datasets/")) api(ex, path.substring("/api/datasets/".length()), "datasets/");
            else if (path.startsWith("/datasets/")) resolve(ex, path.substring("/datasets/".length()), "datasets/");
            else resolve(ex, path.substring(1), "");
        }
    }

    private void api(HttpExchange ex, String rest, String type) throws IOException {
        String[] p = rest.split("/", 4); // org, name, kind, rev
        String repo = type + p[0] + "/" + p[1];
        if (!authorized(ex, repo)) return;
        Map<String, Rev> revs = repos.get(repo);
        if (revs == null) {
            error(ex, 401, "RepoNotFound", "Repository not found");
            return;
        }
        if (p.length >= 3 && p[2].equals("refs")) {
            StringBuilder sb = new StringBuilder("{\"branches\":[");
            List<Rev> all = new ArrayList<>(revs.values());
            for (int i = 0; i < all.size(); i++) {
                Rev r = all.get(i);
                sb.append(i > 0 ? "," : "").append("{\"name\":\"").append(r.name()).append("\",\"ref\":\"refs/heads/")
                        .append(r.name()).append("\",\"targetCommit\":\"").append(r.commit()).append("\"}");
            }
            sendJson(ex, sb.append("],\"converts\":[],\"tags\":[]}").toString());
            return;
        }
        if (p.length == 4 && p[2].equals("revision")) {
            Rev r = find(revs, URLDecoder.decode(p[3], StandardCharsets.UTF_8));
            if (r == null) {
                error(ex, 404, "RevisionNotFound", "Invalid rev id: " + p[3]);
                return;
            }
            StringBuilder sb = new StringBuilder("{\"id\":\"" + repo + "\",\"sha\":\"" + r.commit() + "\",\"siblings\":[");
            int i = 0;
            for (String f : r.files().keySet()) sb.append(i++ > 0 ? "," : "").append("{\"rfilename\":\"").append(f).append("\"}");
            sendJson(ex, sb.append("]}").toString());
            return;
        }
        send(ex, 404, "no such endpoint");
    }

    private void resolve(HttpExchange ex, String path, String type) throws IOException {
        String[] p = path.split("/", 5); // org, name, "resolve", rev, file
        if (p.length < 5 || !p[2].equals("resolve")) {
            send(ex, 404, "no such endpoint");
            return;
        }
        String repo = type + p[0] + "/" + p[1];
        if (!authorized(ex, repo)) return;
        Map<String, Rev> revs = repos.get(repo);
        if (revs == null) {
            error(ex, 401, "RepoNotFound", "Repository not found");
            return;
        }
        Rev r = find(revs, URLDecoder.decode(p[3], StandardCharsets.UTF_8));
        if (r == null) {
            error(ex, 404, "RevisionNotFound", "Invalid rev id");
            return;
        }
        String file = URLDecoder.decode(p[4], StandardCharsets.UTF_8);
        Entry e = r.files().get(file);
        if (e == null) {
            ex.getResponseHeaders().set("X-Repo-Commit", r.commit());
            error(ex, 404, "EntryNotFound", "Entry not found");
            return;
        }
        Headers h = ex.getResponseHeaders();
        h.set("X-Repo-Commit", r.commit());
        if (e.lfs()) {
            h.set("X-Linked-Etag", "\"" + e.sha256() + "\"");
            h.set("X-Linked-Size", Long.toString(e.size()));
            h.set("ETag", "W/\"" + e.gitSha1() + "\"");
            h.set("Location", cdnBase() + "/repos/" + e.sha256().substring(0, 2) + "/" + e.sha256() + "?download=true");
            ex.sendResponseHeaders(302, -1);
            return;
        }
        h.set("ETag", "\"" + e.gitSha1() + "\"");
        body(ex, e, false);
    }

    private void cdnGet(HttpExchange ex, String path) throws IOException {
        String sha = path.substring(path.lastIndexOf('/') + 1);
        Entry e = path.startsWith("/raw/") ? raw.get(path) : bySha.get(sha);
        if (e != null) sha = e.sha256();
        if (e == null) {
            send(ex, 404, "no such object");
            return;
        }
        if (ex.getRequestHeaders().getFirst("Authorization") != null) {
            send(ex, 400, "the CDN must not receive the Hub token");
            return;
        }
        ex.getResponseHeaders().set("ETag", "\"" + sha + "\"");
        body(ex, e, corrupt.remove(sha));
    }

    private void body(HttpExchange ex, Entry e, boolean flipByte) throws IOException {
        long from = 0;
        String range = ex.getRequestHeaders().getFirst("Range");
        Headers h = ex.getResponseHeaders();
        h.set("Accept-Ranges", "bytes");
        if (range != null && range.matches("bytes=\\d+-")) {
            from = Long.parseLong(range.substring(6, range.length() - 1));
            if (from >= e.size()) {
                h.set("Content-Range", "bytes */" + e.size());
                ex.sendResponseHeaders(416, -1);
                return;
            }
            h.set("Content-Range", "bytes " + from + "-" + (e.size() - 1) + "/" + e.size());
        }
        long len = e.size() - from;
        if (ex.getRequestMethod().equals("HEAD")) {
            h.set("Content-Length", Long.toString(len));
            ex.sendResponseHeaders(range != null ? 206 : 200, -1);
            return;
        }
        ex.sendResponseHeaders(range != null ? 206 : 200, len);
        boolean fromCdn = e.lfs() || raw.containsValue(e);
        Long cut = fromCdn ? cuts.remove(e.sha256()) : null;
        Long stall = fromCdn ? stalls.remove(e.sha256()) : null;
        if (stall != null) cut = stall;
        long limit = cut == null ? len : Math.min(cut, len);
        OutputStream out = ex.getResponseBody();
        try (InputStream in = Files.newInputStream(e.source())) {
            in.skipNBytes(from);
            byte[] buf = new byte[1 << 16];
            long sent = 0;
            while (sent < limit) {
                int k = in.read(buf, 0, (int) Math.min(buf.length, limit - sent));
                if (k < 0) break;
                if (flipByte && sent == 0 && k > 0) buf[k / 2] ^= 0x5a;
                out.write(buf, 0, k);
                sent += k;
            }
            out.flush();
        }
        if (stall != null) {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }
        if (limit < len) throw new Cut();
    }

    private boolean authorized(HttpExchange ex, String repo) throws IOException {
        String token = gated.get(repo);
        if (token == null) return true;
        if (("Bearer " + token).equals(ex.getRequestHeaders().getFirst("Authorization"))) return true;
        error(ex, 401, "GatedRepo", "Access to model " + repo + " is restricted.");
        return false;
    }

    private static Rev find(Map<String, Rev> revs, String rev) {
        Rev r = revs.get(rev);
        if (r != null) return r;
        for (Rev x : revs.values()) if (x.commit().equals(rev)) return x;
        return null;
    }

    private static void error(HttpExchange ex, int status, String code, String message) throws IOException {
        ex.getResponseHeaders().set("X-Error-Code", code);
        ex.getResponseHeaders().set("X-Error-Message", message);
        send(ex, status, "{\"error\":\"" + message + "\"}");
    }

    private static void sendJson(HttpExchange ex, String json) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        send(ex, 200, json);
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    static MessageDigest md(String alg) {
        try {
            return MessageDigest.getInstance(alg);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] digest(String alg, byte[] data) {
        return md(alg).digest(data);
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Override
    public void close() {
        hub.stop(0);
        cdn.stop(0);
        pool.shutdownNow();
    }
}
