package org.w2sg.errors;

/**
 * An error caused by the user's input (an option's value, a file they named, a file that is not what it claims to be,
 * a Hub that cannot be reached): thrown deliberately where the input is checked, and its message says what was wrong
 * and what to do. The CLI prints it as one line and exits 2; any other exception is a bug (exit 1, with its trace).
 * It is an IllegalArgumentException because it is one: the argument was not acceptable.
 */
public class UserException extends IllegalArgumentException {
    public UserException(String message) {
        super(message);
    }

    public UserException(String message, Throwable cause) {
        super(message, cause);
    }
}
