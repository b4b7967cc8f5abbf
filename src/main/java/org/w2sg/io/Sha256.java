package org.w2sg.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** sha256 of files and of a stream of bytes, in lowercase hex as huggingface_hub names LFS blobs. */
public final class Sha256 {
    private Sha256() {}

    public static String of(Path file) throws IOException {
        MessageDigest md = digest();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
            while (ch.read(buf) > 0) {
                buf.flip();
                md.update(buf);
                buf.clear();
            }
        }
        return hex(md);
    }

    /** Feeds the first {@code length} bytes of {@code ch} to {@code digest} (a resumed download's bytes on disk). */
    public static void update(MessageDigest digest, FileChannel ch, long length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        for (long pos = 0; pos < length; ) {
            buf.clear().limit((int) Math.min(buf.capacity(), length - pos));
            int k = ch.read(buf, pos);
            if (k < 0) throw new IOException("partial file shorter than expected");
            buf.flip();
            digest.update(buf);
            pos += k;
        }
    }

    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hex(MessageDigest md) {
        return HexFormat.of().formatHex(md.digest());
    }

    public static boolean isSha256(String s) {
        return s != null && s.matches("[0-9a-f]{64}");
    }
}
