package org.w2sg.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HfConfigTest {
    @Test
    void aBrokenConfigIsOneLineWithItsLocation(@TempDir Path dir) throws Exception {
        // "{ nope": the n is the third character of line 1
        Path file = Files.writeString(dir.resolve("config.json"), "{ nope");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> HfConfig.read(dir));
        assertEquals(file + ": cannot parse JSON (line 1, column 3): Unexpected character ('n' (code 110)): was "
                + "expecting double-quote to start field name", e.getMessage());
    }
}
