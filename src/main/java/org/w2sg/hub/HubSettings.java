package org.w2sg.hub;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Everything the Hub client reads from the environment, as a value: tests build one directly instead of setting
 * environment variables. {@link #from(Map)} follows huggingface_hub: {@code HF_ENDPOINT} (default
 * https://huggingface.co), {@code HF_TOKEN}, {@code HF_HUB_OFFLINE} (1/true/yes/on), and the cache at
 * {@code HF_HUB_CACHE}, else {@code HF_HOME/hub}, else {@code ~/.cache/huggingface/hub}
 * ({@code XDG_CACHE_HOME/huggingface/hub} when that is set). Derived data the harness keeps beside the cache (the
 * per-revision sha256 audit) goes to huggingface_hub's assets folder: {@code HF_ASSETS_CACHE}, else
 * {@code HF_HOME/assets}, else {@code ~/.cache/huggingface/assets}, under {@code w2sg-harness/}.
 */
public record HubSettings(URI endpoint, String token, boolean offline, Path cacheDir, Path assetsDir, Duration connectTimeout,
                          Duration readTimeout, int maxAttempts, Duration backoffBase, Duration backoffCap,
                          boolean progress) {
    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";

    public HubSettings {
        String e = endpoint.toString();
        if (e.endsWith("/")) endpoint = URI.create(e.substring(0, e.length() - 1));
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || endpoint.getHost() == null)
            throw new org.w2sg.errors.UserException("HF_ENDPOINT " + org.w2sg.io.Untrusted.quote(e)
                    + " is not an http or https URL with a host (e.g. https://huggingface.co or a mirror's URL)");
        if (token != null && token.isBlank()) token = null;
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be >= 1");
    }

    /** Settings from this process's environment. */
    public static HubSettings fromEnvironment() {
        return from(System.getenv());
    }

    public static HubSettings from(Map<String, String> env) {
        String endpoint = nonBlank(env.get("HF_ENDPOINT"), DEFAULT_ENDPOINT);
        String token = env.get("HF_TOKEN");
        if (token == null) token = env.get("HUGGING_FACE_HUB_TOKEN");
        return new HubSettings(URI.create(endpoint), token, isTrue(env.get("HF_HUB_OFFLINE")), cacheDir(env), assetsDir(env),
                Duration.ofSeconds(10), Duration.ofSeconds(60), 6, Duration.ofSeconds(1), Duration.ofSeconds(60), true);
    }

    static Path cacheDir(Map<String, String> env) {
        String hub = env.get("HF_HUB_CACHE");
        if (hub == null) hub = env.get("HUGGINGFACE_HUB_CACHE");
        if (hub != null && !hub.isBlank()) return expand(hub, env);
        String home = env.get("HF_HOME");
        if (home != null && !home.isBlank()) return expand(home, env).resolve("hub");
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) return expand(xdg, env).resolve("huggingface").resolve("hub");
        return Path.of(userHome(env), ".cache", "huggingface", "hub");
    }

    static Path assetsDir(Map<String, String> env) {
        String assets = env.get("HF_ASSETS_CACHE");
        if (assets != null && !assets.isBlank()) return expand(assets, env);
        String home = env.get("HF_HOME");
        if (home != null && !home.isBlank()) return expand(home, env).resolve("assets");
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) return expand(xdg, env).resolve("huggingface").resolve("assets");
        return Path.of(userHome(env), ".cache", "huggingface", "assets");
    }

    /** Settings for tests: a given endpoint and cache, no token, online, short timeouts and backoff, no progress bar. */
    public static HubSettings forTests(URI endpoint, Path cacheDir) {
        return new HubSettings(endpoint, null, false, cacheDir, cacheDir.resolveSibling(cacheDir.getFileName() + "-assets"),
                Duration.ofSeconds(2), Duration.ofSeconds(2), 4, Duration.ofMillis(5), Duration.ofMillis(40), false);
    }

    private static Path expand(String p, Map<String, String> env) {
        if (p.equals("~") || p.startsWith("~/")) p = userHome(env) + p.substring(1);
        return Path.of(p).toAbsolutePath().normalize();
    }

    private static String userHome(Map<String, String> env) {
        return nonBlank(env.get("HOME"), System.getProperty("user.home"));
    }

    static boolean isTrue(String v) {
        return v != null && switch (v.trim().toUpperCase(Locale.ROOT)) {
            case "1", "ON", "YES", "TRUE" -> true;
            default -> false;
        };
    }

    private static String nonBlank(String v, String fallback) {
        return v == null || v.isBlank() ? fallback : v;
    }

    public HubSettings withOffline(boolean off) {
        return new HubSettings(endpoint, token, off, cacheDir, assetsDir, connectTimeout, readTimeout, maxAttempts, backoffBase, backoffCap, progress);
    }

    public HubSettings withToken(String t) {
        return new HubSettings(endpoint, t, offline, cacheDir, assetsDir, connectTimeout, readTimeout, maxAttempts, backoffBase, backoffCap, progress);
    }

    public HubSettings withRetries(int attempts, Duration base, Duration cap) {
        return new HubSettings(endpoint, token, offline, cacheDir, assetsDir, connectTimeout, readTimeout, attempts, base, cap, progress);
    }

    public HubSettings withTimeouts(Duration connect, Duration read) {
        return new HubSettings(endpoint, token, offline, cacheDir, assetsDir, connect, read, maxAttempts, backoffBase, backoffCap, progress);
    }

    public HubSettings withProgress(boolean show) {
        return new HubSettings(endpoint, token, offline, cacheDir, assetsDir, connectTimeout, readTimeout, maxAttempts, backoffBase, backoffCap, show);
    }

    /** The backoff before attempt {@code attempt + 1} (attempt counts from 1): base * 2^(attempt-1), capped. */
    public Duration backoff(int attempt) {
        long ms = backoffBase.toMillis() << Math.min(attempt - 1, 30);
        return Duration.ofMillis(Math.min(Math.max(ms, 0), backoffCap.toMillis()));
    }
}
