package org.w2sg.data;

import org.w2sg.errors.UserException;

/**
 * One formatted, labelled example. The id ({@code file:row}, row = 0-based data row as pandas counts it) is stable
 * across runs and machines and is what splits and the activation store refer to.
 */
public record Example(String id, String text, int label) {
    public Example {
        if (label != 0 && label != 1) throw new UserException("label must be 0 or 1, got " + label);
    }
}
