package org.w2sg.io;

import java.nio.file.Path;

/**
 * Where the project's read-only shared material lives (real tokenizers and datasets): the {@code W2SG_SHARED}
 * system property or environment variable, else {@code ../shared} relative to the working directory.
 */
public final class SharedDir {
    private SharedDir() {}

    public static Path root() {
        String p = System.getProperty("W2SG_SHARED");
        if (p == null || p.isBlank()) p = System.getenv("W2SG_SHARED");
        if (p == null || p.isBlank()) p = "../shared";
        return Path.of(p).toAbsolutePath().normalize();
    }

    public static Path tokenizers() {
        return root().resolve("tokenizers");
    }

    public static Path data() {
        return root().resolve("data");
    }
}
