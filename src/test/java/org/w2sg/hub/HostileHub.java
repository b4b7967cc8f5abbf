package org.w2sg.hub;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback server that answers like the Hub for one model repo and one dataset repo ({@code evil/repo}), but lies
 * where a test says: the commit (revision API and X-Repo-Commit), the ETag, the file list, the weights index, the
 * branch list, the size, or a redirect. Every answer is otherwise well-formed, so the harness gets as far as it would
 * with a real mirror that had been tampered with.
 */
public final class HostileHub implements AutoCloseable {
    public static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    /** The commit the revision API reports. */
    public volatile String apiCommit = COMMIT;
    /** The X-Repo-Commit header of resolve answers. */
    public volatile String headerCommit = COMMIT;
    /** The ETag of resolve answers (null: the file's git sha1); sent quoted, as the Hub does. */
    public volatile String etag;
    /** The size header of resolve answers (null: the real length). */
    public volatile String size;
    /** Where resolve answers redirect to (null: no redirect, the body comes from the Hub itself). */
    public volatile String location;
    public volatile List<String> branches = List.of("main");
    /** The files served; the file list (siblings) is their names plus {@link #extraSiblings}. */
    public final Map<String, byte[]> files = new LinkedHashMap<>();
    public volatile List<String> extraSiblings = List.of();

    private final HttpServer server;
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();

    public HostileHub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::handle);
        server.setExecutor(pool);
        server.start();
        files.put("config.json", "{\"model_type\":\"gpt_neox\"}".getBytes(StandardCharsets.UTF_8));
        files.put("model.safetensors", "not really tensors".getBytes(StandardCharsets.UTF_8));
    }

    public URI endpoint() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
    }

    List<String> siblings() {
        List<String> all = new ArrayList<>(files.keySet());
        all.addAll(extraSiblings);
        return all;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            for (String prefix : List.of("/api/models/evil/repo/", "/api/datasets/evil/repo/")) {
                if (path.equals(prefix + "refs")) {
                    json(ex, "{\"branches\":[" + String.join(",", branches.stream()
                            .map(b -> "{\"name\":" + quote(b) + ",\"targetCommit\":\"" + COMMIT + "\"}").toList()) + "],\"tags\":[]}");
                    return;
                }
                if (path.startsWith(prefix + "revision/")) {
                    json(ex, "{\"sha\":" + quote(apiCommit) + ",\"siblings\":[" + String.join(",", siblings().stream()
                            .map(f -> "{\"rfilename\":" + quote(f) + "}").toList()) + "]}");
                    return;
                }
            }
            for (String prefix : List.of("/evil/repo/resolve/", "/datasets/evil/repo/resolve/")) {
                if (path.startsWith(prefix)) {
                    String rest = path.substring(prefix.length());
                    String file = URLDecoder.decode(rest.substring(rest.indexOf('/') + 1), StandardCharsets.UTF_8);
                    resolve(ex, file);
                    return;
                }
            }
            ex.sendResponseHeaders(404, -1);
        }
    }

    private void resolve(HttpExchange ex, String file) throws IOException {
        byte[] body = files.get(file);
        if (body == null) {
            ex.getResponseHeaders().set("X-Error-Code", "EntryNotFound");
            ex.sendResponseHeaders(404, -1);
            return;
        }
        Headers h = ex.getResponseHeaders();
        h.set("X-Repo-Commit", headerCommit);
        h.set("ETag", "\"" + (etag != null ? etag : FakeHub.hex(FakeHub.digest("SHA-1", body))) + "\"");
        if (location != null) {
            h.set("X-Linked-Etag", h.getFirst("ETag"));
            h.set("X-Linked-Size", size != null ? size : Integer.toString(body.length));
            h.set("Location", location);
            ex.sendResponseHeaders(302, -1);
            return;
        }
        if (ex.getRequestMethod().equals("HEAD")) {
            h.set("Content-Length", size != null ? size : Integer.toString(body.length));
            ex.sendResponseHeaders(200, -1);
            return;
        }
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
    }

    private static void json(HttpExchange ex, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, b.length);
        ex.getResponseBody().write(b);
    }

    /** A JSON string literal (the lies hold backslashes and quotes). */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        return sb.append('"').toString();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
