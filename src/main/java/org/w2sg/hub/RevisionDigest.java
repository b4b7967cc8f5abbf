package org.w2sg.hub;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.w2sg.io.Sha256;

/**
 * The sha256 of every weight file of one revision; {@link #fingerprint()} is equal for two revisions exactly when
 * their weight files are byte-identical (same names, same contents).
 */
public record RevisionDigest(String revision, String commit, Map<String, String> weightSha256) {
    public RevisionDigest {
        weightSha256 = java.util.Collections.unmodifiableMap(new TreeMap<>(weightSha256));
    }

    public String fingerprint() {
        MessageDigest md = Sha256.digest();
        weightSha256.forEach((f, sha) -> md.update((f + "\t" + sha + "\n").getBytes(StandardCharsets.UTF_8)));
        return HexFormat.of().formatHex(md.digest());
    }
}
