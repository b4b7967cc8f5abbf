package org.w2sg.run;

/**
 * One measured quantity of a unit, e.g. {@code w2s_acc} or {@code pgr_acc}: its value with a paired-bootstrap
 * confidence interval, any of which may be absent ({@code null}: undefined, written empty), and flags that say why.
 */
public record Metric(String name, Double value, Double ciLow, Double ciHigh, String flags) {
    public Metric {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a metric needs a name");
        flags = flags == null ? "" : flags;
    }

    public static Metric of(String name, double value, double ciLow, double ciHigh) {
        return new Metric(name, value, ciLow, ciHigh, "");
    }

    public static Metric undefined(String name, String flags) {
        return new Metric(name, null, null, null, flags);
    }

    public boolean defined() {
        return value != null && !value.isNaN();
    }
}
