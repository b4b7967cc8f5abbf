package org.w2sg.theory;

/**
 * The four-parameter logistic y = bottom + (top - bottom) / (1 + exp(-(x - mid) / scale)), scale > 0. Fitted
 * against log(sample size), {@code mid} is the transition point and {@code scale} its width (the 10%-90% rise
 * takes 2 ln 9 scale ~ 4.4 scale).
 */
public record Logistic4(double bottom, double top, double mid, double scale) {
    public double value(double x) {
        return bottom + (top - bottom) / (1.0 + Math.exp(-(x - mid) / scale));
    }
}
