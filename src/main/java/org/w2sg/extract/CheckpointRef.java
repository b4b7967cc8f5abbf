package org.w2sg.extract;

import java.nio.file.Files;
import java.nio.file.Path;
import org.w2sg.errors.UserException;
import org.w2sg.io.Untrusted;

/**
 * A checkpoint as the store knows it: the model's name and revision (the store's folder names) and the local folder
 * holding its HF-format files (config.json, weights, tokenizer.json).
 */
public record CheckpointRef(String model, String revision, Path dir) {
    public CheckpointRef {
        if (model == null || model.isBlank()) throw new IllegalArgumentException("a checkpoint needs a model name");
        if (revision == null || revision.isBlank()) throw new IllegalArgumentException("a checkpoint needs a revision");
        dir = dir.toAbsolutePath().normalize();
    }

    /** A user's own checkpoint folder: named after the folder, revision "local". */
    public static CheckpointRef local(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UserException("checkpoint folder " + dir + " does not exist (give a local HF-format "
                    + "checkpoint folder, or ORG/NAME@REVISION)");
        }
        Path abs = dir.toAbsolutePath().normalize();
        return new CheckpointRef(abs.getFileName().toString(), "local", abs);
    }

    /** The store's sub-folder for this checkpoint: {@code ORG--NAME/REVISION}. */
    public Path storePath() {
        return Path.of(safe(model.replace("/", "--")), safe(revision));
    }

    private static String safe(String s) {
        return Untrusted.folderName(s); // a hostile branch name cannot leave the store
    }

    @Override
    public String toString() {
        return model + "@" + revision;
    }
}
