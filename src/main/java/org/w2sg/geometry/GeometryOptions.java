package org.w2sg.geometry;

import java.util.Arrays;
import org.w2sg.probe.ProbeOptions;

/**
 * What the geometry metrics measure.
 *
 * @param ks      sizes of the top-PC spans (share of the gold direction inside them, probes restricted to them)
 * @param fewShot numbers of labelled examples of B for the few-shot probes (class-balanced draws)
 * @param seed    seeds the Lanczos start and the few-shot draws
 * @param probe   how every probe here is fitted (as the sweep's: standardized features, lambda by CV)
 */
public record GeometryOptions(int[] ks, int[] fewShot, long seed, ProbeOptions probe) {
    public static final int[] DEFAULT_KS = {1, 4, 16, 64};
    public static final int[] DEFAULT_FEW_SHOT = {32, 128};

    public GeometryOptions {
        ks = ks.clone();
        fewShot = fewShot.clone();
        if (ks.length == 0) throw new IllegalArgumentException("geometry: --k needs at least one span size");
        for (int k : ks) if (k < 1) throw new IllegalArgumentException("geometry: every k must be >= 1, got " + Arrays.toString(ks));
        for (int s : fewShot) {
            if (s < 4 || s % 2 != 0) throw new IllegalArgumentException("geometry: few-shot sizes must be even and >= 4, got " + Arrays.toString(fewShot));
        }
    }

    public static GeometryOptions defaults() {
        return new GeometryOptions(DEFAULT_KS, DEFAULT_FEW_SHOT, 0L, ProbeOptions.defaults());
    }

    public GeometryOptions withKs(int... k) {
        return new GeometryOptions(k, fewShot, seed, probe);
    }

    public GeometryOptions withSeed(long s) {
        return new GeometryOptions(ks, fewShot, s, probe.withSeed(s));
    }

    public GeometryOptions withProbe(ProbeOptions p) {
        return new GeometryOptions(ks, fewShot, seed, p);
    }

    /** The sizes as a run's fingerprint records them, e.g. "k=1,4,16,64 fewshot=32,128". */
    public String describe() {
        return "k=" + join(ks) + " fewshot=" + join(fewShot);
    }

    private static String join(int[] v) {
        return String.join(",", Arrays.stream(v).mapToObj(String::valueOf).toList());
    }

    public int maxK() {
        return Arrays.stream(ks).max().orElseThrow();
    }

    @Override
    public int[] ks() {
        return ks.clone();
    }

    @Override
    public int[] fewShot() {
        return fewShot.clone();
    }
}
