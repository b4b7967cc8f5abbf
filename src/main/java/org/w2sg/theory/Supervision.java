package org.w2sg.theory;

import java.util.Locale;

/** Which labels a student trains on: the gold target (ceiling) or the weak supervisor's (weak-to-strong). */
public enum Supervision {
    GOLD, WEAK;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
