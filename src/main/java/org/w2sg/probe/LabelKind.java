package org.w2sg.probe;

import java.util.Locale;
import org.w2sg.errors.UserException;

/** How a weak supervisor's probabilities become training targets for the strong probe. */
public enum LabelKind {
    /** 1 where the supervisor's P(y=1) > 0.5, else 0 */
    HARD,
    /** the supervisor's probabilities themselves (cross-entropy against them) */
    SOFT;

    public double[] targets(double[] proba) {
        return this == HARD ? Targets.harden(proba) : proba.clone();
    }

    public static LabelKind parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserException("weak label kind '" + s + "' is not one of: hard, soft");
        }
    }
}
