package org.w2sg.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.w2sg.errors.UnreadableFileException;

/**
 * Reading the run folder's own records. The folder is the user's (--out): a record that cannot be read (damaged,
 * hand-edited, not readable) is reported as that file, with what it holds and what to do, not as a bug.
 */
final class RunFiles {
    static final String ADVICE = "restore it, or delete the run folder to start over";

    private RunFiles() {}

    interface Reader<T> {
        T read() throws IOException;
    }

    /** The files in {@code dir} whose names end with {@code suffix}, in name order. */
    static List<Path> list(Path dir, String suffix) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw UnreadableFileException.of(dir, "this run folder's records", e, ADVICE);
        }
    }

    /** @param what what the file holds, for the message ("a checkpoint identity of this run") */
    static <T> T read(Path file, String what, Reader<T> reader) {
        try {
            return reader.read();
        } catch (IOException e) {
            throw UnreadableFileException.of(file, what, e, ADVICE);
        }
    }
}
