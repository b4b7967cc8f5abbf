package org.w2sg.cli;

import picocli.CommandLine;

/**
 * Turns the exceptions that mean "bad input" into one clear line on stderr and exit code 2; anything else is a bug
 * and keeps its stack trace (exit code 1).
 */
final class UserErrors implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        if (isUserError(ex)) {
            cl.getErr().println("error: " + ex.getMessage());
            return 2;
        }
        ex.printStackTrace(cl.getErr());
        return 1;
    }

    static boolean isUserError(Throwable ex) {
        return ex instanceof UserException
                || ex instanceof IllegalArgumentException
                || ex instanceof org.w2sg.weights.WeightsException
                || ex instanceof java.nio.file.NoSuchFileException
                || ex instanceof java.io.UncheckedIOException
                || ex instanceof java.io.IOException;
    }
}
