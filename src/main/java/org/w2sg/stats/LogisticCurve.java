package org.w2sg.stats;

/**
 * The 4-parameter logistic {@code y = bottom + (top - bottom) / (1 + exp(-(x - mid) / width))}, in canonical form
 * ({@code width > 0}, so {@code top} is the right-hand asymptote). With x = log(tokens), {@code mid} is the log token
 * count where the curve is halfway up and {@code width} how many e-folds of tokens the rise takes (10%-90% spans
 * {@code 2 ln 9 ~ 4.39} widths).
 */
public record LogisticCurve(double bottom, double top, double mid, double width) {

    public double at(double x) {
        return bottom + (top - bottom) * sigmoid((x - mid) / width);
    }

    /** The same curve with a positive width: (b, t, m, -w) and (t, b, m, w) are one function. */
    public LogisticCurve canonical() {
        return width >= 0 ? this : new LogisticCurve(top, bottom, mid, -width);
    }

    public boolean isFinite() {
        return Double.isFinite(bottom) && Double.isFinite(top) && Double.isFinite(mid) && Double.isFinite(width)
                && width != 0;
    }

    static double sigmoid(double z) {
        return z >= 0 ? 1.0 / (1.0 + Math.exp(-z)) : Math.exp(z) / (1.0 + Math.exp(z));
    }
}
