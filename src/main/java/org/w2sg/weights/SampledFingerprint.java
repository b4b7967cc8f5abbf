package org.w2sg.weights;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.w2sg.errors.UnreadableFileException;

/**
 * A cheap identity of a checkpoint folder's weights, read in milliseconds whatever their size: SHA-256 over
 * config.json and every shard index in full, and for each weight file its name, its size and {@value #SAMPLES}
 * blocks of {@value #BLOCK} bytes spread evenly from its first byte to its last (the safetensors header is in the
 * first block). Two training runs of one architecture have the same headers, sizes and configs but different values
 * in every block, so their folders differ here; a full SHA-256 of the weights (run.json's {@code weights_fingerprint})
 * is what proves two folders byte-identical.
 */
public final class SampledFingerprint {
    static final int SAMPLES = 32;
    static final int BLOCK = 4096;

    private SampledFingerprint() {}

    public static String of(Path dir) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Path reading = dir;
        try {
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path f : files) {
                reading = f;
                String name = f.getFileName().toString();
                boolean json = name.equals("config.json") || name.endsWith(".index.json");
                boolean weights = name.endsWith(".safetensors") || name.endsWith(".bin") || name.endsWith(".pt")
                        || name.endsWith(".pth");
                if (!json && !weights) continue;
                sha.update((name + "\0" + Files.size(f) + "\0").getBytes(StandardCharsets.UTF_8));
                if (json) sha.update(Files.readAllBytes(f));
                else sample(f, sha);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            // the user's checkpoint folder (or a file in it): name it, not just "cannot read"
            throw UnreadableFileException.of(reading, reading == dir ? "the checkpoint folder" : "this checkpoint file",
                    e, null);
        }
    }

    private static void sample(Path f, MessageDigest sha) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer buf = ByteBuffer.allocate(BLOCK);
            long last = Math.max(0, size - BLOCK);
            for (int i = 0; i < SAMPLES; i++) {
                long at = SAMPLES == 1 ? 0 : last * i / (SAMPLES - 1);
                buf.clear();
                while (buf.hasRemaining()) {
                    int n = ch.read(buf, at + buf.position());
                    if (n < 0) break;
                }
                buf.flip();
                sha.update(buf);
            }
        }
    }
}
