package org.w2sg.weights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The reference checkpoints (written by transformers' save_pretrained) and their meta.json. */
final class Fixtures {
    private Fixtures() {}

    static final Path ROOT = org.w2sg.ReferenceFixtures.ROOT;

    static List<String> cases() {
        try (Stream<Path> s = Files.list(ROOT)) {
            List<String> cases = s.filter(p -> Files.isRegularFile(p.resolve("meta.json")))
                    .map(p -> p.getFileName().toString()).sorted().toList();
            if (cases.size() < 6) throw new IllegalStateException("expected 6 fixture cases under " + ROOT + ", found " + cases);
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path dir(String c) {
        return ROOT.resolve(c);
    }

    static JsonNode meta(String c) {
        try {
            return new ObjectMapper().readTree(dir(c).resolve("meta.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
