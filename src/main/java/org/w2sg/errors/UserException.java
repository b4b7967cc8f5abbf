package org.w2sg.errors;

/** An error caused by the user's input; its message says what was wrong and what to do. */
public class UserException extends RuntimeException {
    public UserException(String message) {
        super(message);
    }

    public UserException(String message, Throwable cause) {
        super(message, cause);
    }
}
