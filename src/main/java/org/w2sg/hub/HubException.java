package org.w2sg.hub;

import java.io.IOException;

/** A Hub or cache failure whose message says which repo, revision and file, what happened, and what to do. */
public class HubException extends IOException {
    private final int status;
    /** The server's Retry-After (429/503), when it sent one. */
    java.time.Duration retryAfter;
    /** Why the host could not be reached at all (no answer came back), null when it answered. */
    private String unreachable;

    public HubException(String message) {
        this(message, 0, null);
    }

    public HubException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    HubException unreachable(String why) {
        this.unreachable = why;
        return this;
    }

    /** Why the server could not be reached at all ("its host name does not resolve" …), or null when it answered. */
    public String unreachable() {
        return unreachable;
    }

    /** The HTTP status that caused it, 0 when none. */
    public int status() {
        return status;
    }
}
