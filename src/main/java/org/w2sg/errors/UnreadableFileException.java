package org.w2sg.errors;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A file the user gave (or pointed at) that cannot be read as what it should be, e.g. a config.json that is not
 * JSON: a user error like {@link UserException}, kept an UncheckedIOException because reading failed. The message
 * names the file, where in it, and what is wrong.
 */
public class UnreadableFileException extends UncheckedIOException {
    public UnreadableFileException(String message, IOException cause) {
        super(message, cause);
    }
}
