package org.w2sg.data;

import org.w2sg.errors.UserException;

/** Bad dataset input (card, file, row): the message names the file, the row and what to do. */
public class DatasetException extends UserException {
    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
