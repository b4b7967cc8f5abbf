package org.w2sg.extract;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns a checkpoint spec from the command line into a local folder: a path is used as it is; {@code ORG/NAME@REV}
 * is the hub client's job (downloading into the shared Hugging Face cache), plugged in here.
 */
@FunctionalInterface
public interface CheckpointLocator {
    CheckpointRef locate(String spec);

    /** Local folders only; a Hub spec gets a message saying how to make it local. */
    static CheckpointLocator localOnly() {
        return spec -> {
            Path p = Path.of(spec);
            if (Files.isDirectory(p)) return CheckpointRef.local(p);
            if (spec.matches("[\\w.-]+/[\\w.-]+(@[\\w./-]+)?")) {
                throw new IllegalArgumentException("checkpoint '" + spec + "' is not a local folder, and this build "
                        + "cannot fetch Hub checkpoints here: download it first ('harness download') and pass its "
                        + "snapshot folder");
            }
            throw new IllegalArgumentException("checkpoint folder " + spec + " does not exist");
        };
    }
}
