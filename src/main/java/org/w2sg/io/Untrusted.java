package org.w2sg.io;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;
import org.w2sg.errors.UserException;

/**
 * Checks values that come from outside the harness (a Hub server's headers and JSON, a repository's files, a
 * dataset card) before they become part of a file path or a URL the harness follows. A server or repository that
 * lies must not be able to choose where a file, folder or link is written. A value that fails is one
 * {@link UserException} naming where it came from ({@code where}: repo and revision), the field and the value
 * (escaped), before anything is written.
 */
public final class Untrusted {
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
    /** Blob names: a git sha1 or an LFS sha256 on the Hub; S3-style {@code md5-N} ETags on some mirrors. No dots. */
    private static final Pattern BLOB = Pattern.compile("[0-9A-Za-z_-]{1,128}");
    /** A segment of a git ref name (git check-ref-format, which the Hub's branches and tags follow). */
    private static final Pattern REF_SEGMENT = Pattern.compile("[^\\x00-\\x20\\x7f~^:?*\\[\\\\/.][^\\x00-\\x20\\x7f~^:?*\\[\\\\/]*");
    private static final int MAX_REF = 255, MAX_FILE = 1024, SHOWN = 120;

    private Untrusted() {}

    /** A commit hash: 40 lowercase hex digits (what the Hub's revision API and X-Repo-Commit carry). */
    public static String commit(String where, String field, String value) {
        if (value == null || !COMMIT.matcher(value).matches())
            throw refused(where, field, value, "is not a commit hash (40 lowercase hex digits)");
        return value;
    }

    /** An ETag used as a blob file name: 1-128 letters, digits, '-' or '_' (a sha1 or sha256 in hex on the Hub). */
    public static String blobName(String where, String field, String value) {
        if (value == null || !BLOB.matcher(value).matches())
            throw refused(where, field, value, "is not a blob name (1-128 letters, digits, '-' or '_'; the Hub sends a sha1 or sha256)");
        return value;
    }

    /**
     * A branch, tag or other ref name ({@code main}, {@code step1000}, {@code stage1-step1000-tokens5B},
     * {@code refs/pr/1}) by git's rules, which the Hub follows: '/'-separated segments, none empty, none starting with
     * '.' or ending in {@code .lock}, no {@code ..} anywhere, no control character, space, {@code ~ ^ : ? * [} or
     * backslash, no {@code @&#123;}; at most 255 characters. Such a name can be used as a relative path and never
     * leaves the folder it is resolved against.
     */
    public static String revision(String where, String field, String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_REF)
            throw refused(where, field, value, "is not a revision name (1-" + MAX_REF + " characters)");
        for (String seg : value.split("/", -1)) {
            if (!REF_SEGMENT.matcher(seg).matches() || seg.endsWith(".lock") || seg.contains("..") || seg.contains("@{"))
                throw refused(where, field, value, "is not a revision name (git's rules: no '..', no empty segment or "
                        + "one starting with '.', no space, control character, backslash or ~ ^ : ? * [)");
        }
        return value;
    }

    /**
     * A file name relative to a repository's root ({@code model.safetensors}, {@code data/test.tsv}): not empty, not
     * absolute, no backslash, NUL or other control character, no empty, {@code .} or {@code ..} segment.
     */
    public static String relativeFile(String where, String field, String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_FILE)
            throw refused(where, field, value, "is not a file name (1-" + MAX_FILE + " characters)");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) throw refused(where, field, value, "holds a control character");
            if (c == '\\') throw refused(where, field, value, "holds a backslash");
        }
        if (value.startsWith("/")) throw refused(where, field, value, "is an absolute path (a repository's file names are relative)");
        for (String seg : value.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".") || seg.equals(".."))
                throw refused(where, field, value, "has an empty, '.' or '..' segment (it would leave its folder)");
        }
        return value;
    }

    /** {@code folder/value} for a checked relative file name, after making sure it resolves inside {@code folder}. */
    public static Path inside(Path folder, String where, String field, String value) {
        relativeFile(where, field, value);
        Path base = folder.toAbsolutePath().normalize();
        Path p = base.resolve(value).normalize();
        if (!p.startsWith(base) || p.equals(base)) throw refused(where, field, value, "resolves outside " + base);
        return p;
    }

    /** A byte count from a header or a card: a non-negative decimal integer no larger than {@code max}. */
    public static long size(String where, String field, String value, long max) {
        if (value == null || !value.matches("\\d{1,18}"))
            throw refused(where, field, value, "is not a size in bytes (a non-negative integer)");
        long n = Long.parseLong(value);
        if (n > max) throw refused(where, field, value, "is larger than " + max + " bytes");
        return n;
    }

    /**
     * Refuses a file larger than {@code max} bytes before it is read whole (a config.json, tokenizer.json or index of
     * absurd size would otherwise exhaust memory). {@code what} names the file's role ("config.json").
     */
    public static Path smallFile(Path file, long max, String what) throws java.io.IOException {
        long size = java.nio.file.Files.size(file);
        if (size > max)
            throw new UserException(file + ": " + size + " bytes, more than the " + (max >> 20) + " MiB a " + what
                    + " can reasonably be; refused (is it the right file?)");
        return file;
    }

    /** The target of a redirect from {@code from}: resolved against it, and only http or https to a named host. */
    public static URI redirect(String where, URI from, String location) {
        URI next;
        try {
            next = from.resolve(location.trim());
        } catch (IllegalArgumentException e) {
            throw refused(where, "the redirect (Location header) from " + from, location, "is not a URL");
        }
        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https"))
            throw refused(where, "the redirect (Location header) from " + from, location, "is not an http or https URL");
        if (next.getHost() == null || next.getHost().isEmpty())
            throw refused(where, "the redirect (Location header) from " + from, location, "names no host");
        return next;
    }

    /**
     * One path component for a name the harness uses as a folder or file name of its own (a model's or revision's
     * folder in the activation store, a revision's provenance file): characters other than letters, digits and
     * {@code . _ = + -} become '_', and {@code .}, {@code ..} and the empty name get a '_' in front, so the result never
     * leaves or aliases the folder it is resolved against.
     */
    public static String folderName(String name) {
        String t = name.replaceAll("[^A-Za-z0-9._=+-]", "_");
        if (t.isEmpty() || t.equals(".") || t.equals("..")) t = "_" + t;
        return t;
    }

    /** {@code value} in double quotes with control characters, quotes and backslashes escaped, long values cut. */
    public static String quote(String value) {
        if (value == null) return "(missing)";
        StringBuilder sb = new StringBuilder("\"");
        int n = Math.min(value.length(), SHOWN);
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || Character.isISOControl(c)) sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
        if (value.length() > SHOWN) sb.append("… (").append(value.length()).append(" characters)");
        return sb.toString();
    }

    /** {@code value} with control characters replaced by '?' and cut at 300 characters, for a server's own message. */
    public static String printable(String value) {
        String t = value.replaceAll("\\p{Cntrl}", "?");
        return t.length() > 300 ? t.substring(0, 300) + "…" : t;
    }

    private static UserException refused(String where, String field, String value, String problem) {
        return new UserException(where + ": " + field + " " + quote(value) + " " + problem
                + "; refused before anything was written");
    }
}
