package org.w2sg.extract;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.w2sg.errors.UserException;

/**
 * The SHA-256 of each file that determines a checkpoint's outputs (config.json and the weight files). In the Hugging
 * Face cache a weight file is a link to a blob named by its SHA-256, which is used as is; other files are hashed once
 * and the hash is reused while their size and modification time are unchanged.
 */
final class CheckpointFingerprint {
    private CheckpointFingerprint() {}

    /** A file's hash and the stat it was computed for. */
    record FileStat(String sha256, long bytes, long modified) {}

    static Map<String, FileStat> of(Path dir, Map<String, FileStat> known) {
        Map<String, FileStat> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (!(name.equals("config.json") || name.endsWith(".safetensors") || name.endsWith(".bin")
                        || name.endsWith(".index.json"))) {
                    continue;
                }
                Path real = f.toRealPath();
                long bytes = Files.size(real);
                long modified = Files.getLastModifiedTime(real).toMillis();
                String blob = real.getFileName().toString();
                FileStat previous = known == null ? null : known.get(name);
                String sha;
                if (blob.matches("[0-9a-f]{64}")) sha = blob;
                else if (previous != null && previous.bytes() == bytes && previous.modified() == modified) sha = previous.sha256();
                else sha = sha256(real);
                out.put(name, new FileStat(sha, bytes, modified));
            }
        } catch (IOException e) {
            throw new UserException("cannot read checkpoint folder " + dir + ": " + e.getMessage(), e);
        }
        if (!out.containsKey("config.json")) {
            throw new UserException(dir + " has no config.json: is it a Hugging Face checkpoint folder?");
        }
        return out;
    }

    static Map<String, String> hashes(Map<String, FileStat> stats) {
        Map<String, String> out = new TreeMap<>();
        stats.forEach((k, v) -> out.put(k, v.sha256()));
        return out;
    }

    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UserException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
