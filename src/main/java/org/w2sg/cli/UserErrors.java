package org.w2sg.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.w2sg.errors.UnreadableFileException;
import org.w2sg.errors.UserException;
import org.w2sg.hub.HubException;
import picocli.CommandLine;

/**
 * Turns the exceptions that mean "bad input" ({@link #isUserError}) into one clear line on stderr and exit code 2;
 * anything else is a bug and keeps its stack trace (exit code 1). A mistyped option or value gets the same treatment: one line, picocli's
 * suggestions, and where to find the options, instead of the whole usage text.
 */
final class UserErrors implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        if (isUserError(ex)) {
            cl.getErr().println("error: " + message(ex));
            return 2;
        }
        ex.printStackTrace(cl.getErr());
        return 1;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        String message = ex.getMessage();
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            // "--max-exampels 400": picocli lists the value as unmatched too; name the options alone
            java.util.List<String> options = u.getUnmatched().stream().filter(a -> a.startsWith("-")).toList();
            if (!options.isEmpty()) {
                message = (options.size() == 1 ? "Unknown option: '" : "Unknown options: '")
                        + String.join("', '", options) + "'";
            }
        }
        cl.getErr().println("error: " + message);
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, cl.getErr());
        cl.getErr().println("Run '" + cl.getCommandSpec().qualifiedName() + " --help' for the options.");
        return 2;
    }

    /**
     * A user error is one of three things, each a type of its own: a {@link UserException} thrown where input is
     * checked (bad option values, dataset cards, registry entries, corrupt or unsupported files; an
     * {@link UnreadableFileException} when reading such a file failed); a file-system refusal
     * of a path (missing, denied, in the way); or the Hub refusing or unreachable ({@link HubException}). Everything
     * else, an IllegalArgumentException or IOException from deep in the code included, is a bug.
     */
    static boolean isUserError(Throwable ex) {
        if (ex instanceof UnreadableFileException) return true;
        if (ex instanceof java.io.UncheckedIOException u) return isUserError(u.getCause());
        return ex instanceof UserException || ex instanceof FileSystemException || ex instanceof HubException;
    }

    /**
     * The JDK's file-system exceptions carry only the path as their message ("error: x.npy" says nothing): name the
     * path and what went wrong with it.
     */
    static String message(Throwable ex) {
        if (ex instanceof java.io.UncheckedIOException u && u.getCause() instanceof FileSystemException f) return message(f);
        if (ex instanceof java.io.UncheckedIOException u && u.getCause() instanceof HubException h) return h.getMessage();
        if (!(ex instanceof FileSystemException f)) return ex.getMessage();
        String path = f.getFile() == null ? "" : f.getFile();
        String what = switch (f) {
            case NoSuchFileException e -> "no such file or folder";
            case AccessDeniedException e -> "permission denied";
            case NotDirectoryException e -> "not a folder";
            case FileAlreadyExistsException e ->
                    "is in the way (a file where a folder should be, or a name already taken): move it or choose another path";
            case DirectoryNotEmptyException e -> "folder is not empty";
            default -> f.getReason() == null ? f.getClass().getSimpleName() : f.getReason();
        };
        String other = f.getOtherFile() == null ? "" : " (and " + f.getOtherFile() + ")";
        return path + other + ": " + what;
    }
}
