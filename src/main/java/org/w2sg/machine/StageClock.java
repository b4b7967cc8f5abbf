package org.w2sg.machine;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Wall time per stage of the forward pass at its layer boundaries (batch setup, embedding, layers, final norm), for
 * benchmarks that report where time goes; the primitives inside a layer time nothing (bench.LayerParts measures them
 * apart). Off unless a benchmark {@link #start}s it; when
 * off each stage costs one volatile read. On CPU libtorch runs every op before returning, so wall time around a call
 * is that call's cost; on CUDA (asynchronous) the figures would only show launch overhead.
 */
public final class StageClock {
    private StageClock() {}

    private static volatile Map<String, LongAdder> active;

    /** Starts (or restarts) recording, from zero. */
    public static void start() {
        active = new ConcurrentHashMap<>();
    }

    /** Stops recording; returns nanoseconds per stage. */
    public static Map<String, Long> stop() {
        Map<String, LongAdder> m = active;
        active = null;
        Map<String, Long> out = new TreeMap<>();
        if (m != null) m.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** A start time, or 0 when not recording. */
    public static long begin() {
        return active == null ? 0 : System.nanoTime();
    }

    public static boolean recording() {
        return active != null;
    }

    /** Adds the time since {@code began} to {@code stage} (nothing when {@code began} is 0). */
    public static void end(String stage, long began) {
        Map<String, LongAdder> m = active;
        if (m == null || began == 0) return;
        m.computeIfAbsent(stage, k -> new LongAdder()).add(System.nanoTime() - began);
    }
}
