package org.w2sg.theory;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Every random stream of a synthetic run is a pure function of (master seed, experiment, unit indices), so the
 * output does not depend on how units are scheduled across threads.
 */
final class Streams {
    private Streams() {}

    static SplittableRandom of(long master, String experiment, long... ids) {
        long h = mix(master ^ 0x5DEECE66DL);
        for (byte b : experiment.getBytes(StandardCharsets.UTF_8)) h = mix(h ^ b);
        for (long id : ids) h = mix(h + 0x9E3779B97F4A7C15L * (id + 1));
        return new SplittableRandom(h);
    }

    /** SplitMix64's finaliser: a bijective, well-mixing 64-bit hash. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
