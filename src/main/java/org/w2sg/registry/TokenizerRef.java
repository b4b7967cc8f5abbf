package org.w2sg.registry;

import java.nio.file.Path;
import org.w2sg.errors.UserException;
import org.w2sg.io.SharedDir;

/**
 * Where a model's tokenizer is: {@code file} in the model's own repo (what a run downloads) and {@code shared}, the
 * same tokenizer under the shared folder's {@code tokenizers/} (what offline tests read).
 */
public record TokenizerRef(String file, String shared) {
    public TokenizerRef {
        if (file == null || file.isBlank()) throw new UserException("tokenizer.file is missing");
    }

    /** The shared copy, or null when the registry names none. */
    public Path sharedPath() {
        return shared == null ? null : SharedDir.tokenizers().resolve(shared);
    }
}
