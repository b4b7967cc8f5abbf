package org.w2sg.data;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A 64-bit hash defined by SHA-256, so per-example random draws depend only on (seed, id) and are the same on every
 * machine and JVM (unlike hashCode-based or iteration-order-based choices).
 */
final class StableHash {
    private StableHash() {}

    static long of(long seed, String key) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(ByteBuffer.allocate(8).putLong(seed).array());
            md.update(key.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(md.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
