package org.w2sg.probe;

import java.util.OptionalDouble;

/**
 * Performance gap recovered: {@code (w2s - weak) / (ceiling - weak)}. Defined only when the gap the strong model
 * could recover, {@code ceiling - weak}, is at least {@code floor}; below it the ratio is noise divided by noise
 * (or a division by ~0), so it is reported empty with a reason, never as a huge number.
 */
public final class Pgr {
    /** Default floor on {@code ceiling - weak} (2 accuracy points). */
    public static final double DEFAULT_FLOOR = 0.02;

    private Pgr() {}

    public static OptionalDouble of(double weak, double ceiling, double w2s, double floor) {
        if (!(ceiling - weak >= floor)) return OptionalDouble.empty();
        return OptionalDouble.of((w2s - weak) / (ceiling - weak));
    }

    /** Why {@link #of} is empty for these numbers, for the flags column. */
    public static String undefinedReason(String metric, double weak, double ceiling, double floor) {
        return String.format(java.util.Locale.ROOT, "pgr_undefined: %s ceiling-weak gap %.4f < floor %.4f",
                metric, ceiling - weak, floor);
    }
}
