package org.w2sg.probe;

/**
 * A metric's point estimate with its paired-bootstrap percentile interval. An undefined estimate (PGR when the
 * weak-ceiling gap is below the floor) has NaN value and bounds and says why in {@code flag}; CSV writers print it
 * empty. {@code flag} is "" when there is nothing to say.
 */
public record Estimate(double value, double ciLow, double ciHigh, String flag) {
    public Estimate {
        flag = flag == null ? "" : flag;
    }

    public static Estimate undefined(String reason) {
        return new Estimate(Double.NaN, Double.NaN, Double.NaN, reason);
    }

    public boolean isDefined() {
        return !Double.isNaN(value);
    }

    public java.util.OptionalDouble optional() {
        return isDefined() ? java.util.OptionalDouble.of(value) : java.util.OptionalDouble.empty();
    }
}
