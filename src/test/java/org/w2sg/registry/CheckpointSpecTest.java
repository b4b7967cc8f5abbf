package org.w2sg.registry;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w2sg.errors.UserException;

/** The one parser of "alias | ORG/NAME[@REV] | folder" against the bundled registry. */
class CheckpointSpecTest {
    static final Registry REGISTRY = load();

    static Registry load() {
        try {
            return Registry.load(null);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aliasesReposAndFoldersEachWithTheirRevision(@TempDir Path dir) throws Exception {
        var alias = assertInstanceOf(CheckpointSpec.Alias.class, CheckpointSpec.parse("pythia-70m@step1000", REGISTRY));
        assertEquals("pythia-70m", alias.alias().name());
        assertEquals("step1000", alias.revision());
        assertNull(CheckpointSpec.parse("pythia-70m", REGISTRY).revision());

        var repo = assertInstanceOf(CheckpointSpec.HubRepo.class, CheckpointSpec.parse("EleutherAI/pythia-70m@step8", REGISTRY));
        assertEquals("EleutherAI/pythia-70m", repo.repo());
        assertEquals("step8", repo.revision());
        assertEquals("pythia-70m", repo.alias().name(), "the registry's entry for that repo");
        var other = assertInstanceOf(CheckpointSpec.HubRepo.class, CheckpointSpec.parse("someone/model", REGISTRY));
        assertNull(other.alias());

        Path run = Files.createDirectories(dir.resolve("my-run"));
        assertEquals(run, assertInstanceOf(CheckpointSpec.Folder.class, CheckpointSpec.parse(run.toString(), REGISTRY)).dir());
        // a path that does not exist yet is still a folder when it can only be one; the caller says it is missing
        assertInstanceOf(CheckpointSpec.Folder.class, CheckpointSpec.parse("./not-there", REGISTRY));
        assertInstanceOf(CheckpointSpec.Folder.class, CheckpointSpec.parse("a/b/c", REGISTRY));
    }

    @Test
    void badSpecsAreUserErrorsThatSayWhatIsWrong() {
        assertEquals("'pythia-70m@': nothing after '@' (expected a revision)",
                assertThrows(UserException.class, () -> CheckpointSpec.parse("pythia-70m@", REGISTRY)).getMessage());
        assertTrue(assertThrows(UserException.class, () -> CheckpointSpec.parse("pythia-9000", REGISTRY)).getMessage()
                .contains("did you mean"));
        assertTrue(assertThrows(UserException.class, () -> CheckpointSpec.parse("x/y z", REGISTRY)).getMessage()
                .contains("is not a checkpoint folder, a registry alias, or ORG/NAME"));
        assertTrue(assertThrows(UserException.class, () -> CheckpointSpec.parse(" ", REGISTRY)).getMessage()
                .startsWith("no checkpoint given"));
    }
}
