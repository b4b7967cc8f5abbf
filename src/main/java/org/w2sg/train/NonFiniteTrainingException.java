package org.w2sg.train;

import org.w2sg.errors.UserException;

/**
 * A non-finite loss or gradient: training stops before the update, so no weight, moment or checkpoint is touched and
 * the last saved state stays the resumable one. Usually a learning rate too high for the shape, or no clipping.
 */
public final class NonFiniteTrainingException extends UserException {
    public NonFiniteTrainingException(String message) {
        super(message);
    }
}
