package org.w2sg.train;

/**
 * Linear warmup then cosine decay to a floor, as GPT-NeoX and nanoGPT schedule it. Update n (1-based) uses
 * lr * n / (warmup + 1) during warmup (never 0, so the first update moves), then
 * minLr + (lr - minLr) * (1 + cos(pi * progress)) / 2 with progress = (n - warmup) / (steps - warmup).
 */
public record LrSchedule(double lr, double minLr, int warmup, int steps) {
    public LrSchedule {
        if (!(lr > 0)) throw new IllegalArgumentException("learning rate must be positive, got " + lr);
        if (minLr < 0 || minLr > lr) throw new IllegalArgumentException("min learning rate must be in [0, lr], got " + minLr);
        if (warmup < 0) throw new IllegalArgumentException("warmup must be >= 0, got " + warmup);
    }

    public double at(long update) {
        if (update <= warmup) return lr * update / (warmup + 1.0);
        double progress = Math.min(1.0, (update - warmup) / (double) Math.max(1, steps - warmup));
        return minLr + (lr - minLr) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
