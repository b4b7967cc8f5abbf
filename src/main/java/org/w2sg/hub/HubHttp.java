package org.w2sg.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.w2sg.errors.UserException;

/**
 * The HTTP side shared by the Hub API and the downloads: one HttpClient that never follows redirects by itself (the
 * callers follow them after checking the target), the rule that the token goes to the Hub's own host only, bounded
 * JSON answers, and retries of transient failures with capped exponential backoff.
 */
final class HubHttp {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A refs or revision answer larger than this is not a Hub answer (a repo with 100k files lists a few MiB). */
    static final int MAX_JSON_BYTES = 64 << 20;

    static {
        // HttpClient reads bodies in 16 KiB buffers by default; 256 KiB ones roughly double the loopback throughput
        // (measured: see README). Must be set before the JDK's HttpClient classes initialise.
        if (System.getProperty("jdk.httpclient.bufsize") == null) System.setProperty("jdk.httpclient.bufsize", "262144");
    }

    private final HubSettings settings;
    private final HttpClient http;

    HubHttp(HubSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER) // followed by the callers: targets checked, auth kept home
                .build();
    }

    HubSettings settings() {
        return settings;
    }

    /** A request with the harness's User-Agent; the token is added only when {@code uri} is on the Hub's own host. */
    HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(settings.readTimeout())
                .header("User-Agent", "w2sg-harness/0.1 (java " + Runtime.version().feature() + ")");
        if (settings.token() != null && sameOrigin(uri, settings.endpoint()))
            b.header("Authorization", "Bearer " + settings.token());
        return b;
    }

    <T> HttpResponse<T> send(HttpRequest req, HttpResponse.BodyHandler<T> handler) throws IOException {
        try {
            return http.send(req, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted: " + req.uri());
        }
    }

    /** GET {@code uri} as JSON (at most {@link #MAX_JSON_BYTES}); a status other than 200 goes to {@code onError}. */
    JsonNode getJson(URI uri, String what, StatusCheck onError) throws IOException {
        return withRetries(what, null, attempt -> {
            HttpResponse<InputStream> r = send(request(uri).header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                if (r.statusCode() != 200) {
                    in.readNBytes(1 << 16);
                    onError.check(r.statusCode(), r.headers());
                }
                byte[] body = in.readNBytes(MAX_JSON_BYTES + 1);
                if (body.length > MAX_JSON_BYTES)
                    throw new UserException(what + ": the answer from " + uri + " is larger than " + (MAX_JSON_BYTES >> 20)
                            + " MiB; refused (is HF_ENDPOINT a Hub?)");
                return JSON.readTree(body);
            }
        });
    }

    /** Turns a non-2xx status into an exception that says what it means for the thing being fetched. */
    @FunctionalInterface
    interface StatusCheck {
        void check(int code, HttpHeaders headers) throws IOException;
    }

    // ---------------------------------------------------------------- retries

    /** A failure worth another attempt (timeouts, resets, 429, 5xx, a short body). */
    static final class TransientException extends IOException {
        TransientException(String message) {
            super(message);
        }
    }

    @FunctionalInterface
    interface Attempt<T> {
        T run(int attempt) throws IOException;
    }

    /**
     * Runs {@code call} until it succeeds, fails for good, or runs out of attempts. {@code plainUrl}: the URL when
     * the source is not the Hub (its host is named when it cannot be reached), null for the Hub.
     */
    <T> T withRetries(String what, URI plainUrl, Attempt<T> call) throws IOException {
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
                    if (unreachable != null && plainUrl != null)
                        throw new HubException("cannot reach " + plainUrl.getHost() + " (" + unreachable + "; " + attempt
                                + " attempts)", 0, e).unreachable(unreachable);
                    if (unreachable != null) {
                        throw new HubException(what + ": cannot reach the Hub at " + settings.endpoint() + " ("
                                + unreachable + "; " + attempt + " attempts). Without network: prefetch with 'harness "
                                + "download' where the Hub is reachable, then run with HF_HUB_OFFLINE=1; or set "
                                + "HF_ENDPOINT to a mirror. A name is read as a local folder only if that folder exists",
                                0, e).unreachable(unreachable);
                    }
                    throw new HubException((plainUrl != null ? "" : what + ": ") + "failed after " + attempt
                            + " attempts: " + reason(e), e instanceof HubException h ? h.status() : 0, e);
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

    /** Why a host could not be reached at all (no answer came back), or null when it answered. */
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

    /** The server's Retry-After in seconds, when it sent one. */
    static Duration retryAfter(HttpHeaders h) {
        return h.firstValue("Retry-After").filter(v -> v.matches("\\d{1,6}")).map(v -> Duration.ofSeconds(Long.parseLong(v))).orElse(null);
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b)
                && a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme());
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }
}
