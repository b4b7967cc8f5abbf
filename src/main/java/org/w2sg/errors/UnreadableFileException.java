package org.w2sg.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A file the user gave (or pointed at) that cannot be read as what it should be, e.g. a config.json that is not
 * JSON: a user error like {@link UserException}, kept an UncheckedIOException because reading failed. The message
 * names the file, where in it, and what is wrong.
 */
public class UnreadableFileException extends UncheckedIOException {
    public UnreadableFileException(String message, IOException cause) {
        super(message, cause);
    }

    /**
     * "{@code file}: cannot read {@code what} (REASON)[: advice]", the reason in words: the JDK's file-system
     * exceptions carry only the path, and Jackson's messages run over several lines.
     */
    public static UnreadableFileException of(Path file, String what, IOException e, String advice) {
        String reason = switch (e) {
            case NoSuchFileException x -> "no such file";
            case AccessDeniedException x -> "permission denied";
            case JsonProcessingException j -> "not valid JSON" + (j.getLocation() == null ? "" : " at line "
                    + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr()) + ": " + j.getOriginalMessage();
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
        return new UnreadableFileException(file + ": cannot read " + what + " (" + reason + ")"
                + (advice == null ? "" : ": " + advice), e);
    }
}
