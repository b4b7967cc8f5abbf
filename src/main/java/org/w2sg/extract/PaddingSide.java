package org.w2sg.extract;

import org.w2sg.model.TokenBatch;

/** Where padding goes in a batch; pooled vectors are the same either way (up to float round-off). */
public enum PaddingSide {
    RIGHT,
    LEFT;

    TokenBatch pad(int[][] sequences, long padId) {
        return this == RIGHT ? TokenBatch.rightPadded(sequences, padId) : TokenBatch.leftPadded(sequences, padId);
    }
}
