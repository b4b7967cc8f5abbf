package org.w2sg.data;

/** Bad dataset input (card, file, row): the message names the file, the row and what to do. */
public class DatasetException extends IllegalArgumentException {
    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
