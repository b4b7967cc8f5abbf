package org.w2sg.weights;

import org.w2sg.errors.UserException;

/** A checkpoint file that cannot be read as stated; the message names the file and, where known, the tensor. */
public class WeightsException extends UserException {
    public WeightsException(String message) {
        super(message);
    }

    public WeightsException(String message, Throwable cause) {
        super(message, cause);
    }
}
