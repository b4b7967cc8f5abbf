package org.w2sg.extract;

import java.util.Locale;
import org.w2sg.errors.UserException;

/** How one vector is made from a sequence's hidden states: the last real token, or the mean over real tokens. */
public enum Pooling {
    LAST,
    MEAN;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Pooling parse(String s) {
        for (Pooling p : values()) if (p.tag().equals(s.trim().toLowerCase(Locale.ROOT))) return p;
        throw new UserException("unknown pooling '" + s + "': use last or mean");
    }
}
