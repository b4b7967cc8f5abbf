package org.w2sg.data;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The three splits a seed draws. Not every model needs all three: the weak supervisor is trained on A and labels B
 * and T, while the strong model is probed on B and scored on T only.
 */
public enum SplitPart {
    WEAK_TRAIN("A", "weak_train"), TRANSFER("B", "transfer"), TEST("T", "test");

    public static final Set<SplitPart> ALL = EnumSet.allOf(SplitPart.class);
    /** What the strong model of a sweep is run on: B (probes) and T (scores). */
    public static final Set<SplitPart> TRANSFER_AND_TEST = EnumSet.of(TRANSFER, TEST);

    private final String letter;
    private final String key;

    SplitPart(String letter, String key) {
        this.letter = letter;
        this.key = key;
    }

    /** A, B or T, as the protocol names them. */
    public String letter() {
        return letter;
    }

    /** The name in files (the store's split json). */
    public String key() {
        return key;
    }

    public List<Example> of(Splits s) {
        return switch (this) {
            case WEAK_TRAIN -> s.weakTrain();
            case TRANSFER -> s.transfer();
            case TEST -> s.test();
        };
    }

    /** The examples of the given parts, in A, B, T order. */
    public static List<Example> examples(Splits s, Set<SplitPart> parts) {
        List<Example> out = new ArrayList<>();
        for (SplitPart p : values()) if (parts.contains(p)) out.addAll(p.of(s));
        return out;
    }

    /** e.g. "B+T". */
    public static String describe(Set<SplitPart> parts) {
        return String.join("+", parts.stream().sorted().map(SplitPart::letter).toList());
    }
}
