package org.w2sg.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w2sg.errors.UnreadableFileException;
import org.w2sg.weights.SampledFingerprint;

/**
 * A run folder and a checkpoint folder are the user's: a damaged record or an unreadable folder is a user error that
 * names the file (errors.UnreadableFileException, exit 2), not an UncheckedIOException read as a bug.
 */
class RunRecordErrorsTest {
    @TempDir
    Path run;

    @Test
    void aDamagedCheckpointIdentityIsNamedWithWhatToDo() throws Exception {
        RunIdentities.bind(run, CheckpointIdentity.hub(CheckpointIdentity.STRONG, "step1000", "org/m", "a".repeat(40)));
        Path f;
        try (var files = Files.list(RunIdentities.directory(run))) {
            f = files.findFirst().orElseThrow();
        }
        Files.writeString(f, "{\"role\": \"strong\", \"revision\": ");
        UnreadableFileException e = assertThrows(UnreadableFileException.class, () -> RunIdentities.readAll(run));
        assertTrue(e.getMessage().startsWith(f + ": cannot read a checkpoint identity of this run (not valid JSON at line 1, "),
                e.getMessage());
        assertTrue(e.getMessage().endsWith(": restore it, or delete the run folder to start over"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line");
        // and the check before any work reports the same, not a bug
        assertThrows(UnreadableFileException.class, () -> RunIdentities.verify(run, List.of()));
    }

    @Test
    void aDamagedInvocationRecordIsNamed() throws Exception {
        Path dir = Files.createDirectories(Ledger.directory(run).resolve("invocations"));
        Files.writeString(dir.resolve("0001.json"), "not json");
        UnreadableFileException e = assertThrows(UnreadableFileException.class, () -> Invocation.readAll(run));
        assertTrue(e.getMessage().startsWith(dir.resolve("0001.json") + ": cannot read an invocation record of this run (not valid JSON"),
                e.getMessage());
    }

    @Test
    void aCheckpointFolderThatCannotBeListedIsNamed() {
        Path missing = run.resolve("no-such-checkpoint");
        UnreadableFileException e = assertThrows(UnreadableFileException.class, () -> SampledFingerprint.of(missing));
        assertEquals(missing + ": cannot read the checkpoint folder (no such file)", e.getMessage());
    }
}
