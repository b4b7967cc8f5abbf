package org.w2sg.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Which training windows each step sees, fixed by the seed. Row r of update n takes its source from a random draw
 * seeded by (seed, n, r) against the mixture weights, and that source's next window in an order that is a fresh
 * seeded permutation of its windows per epoch. The only state is how many windows each source has handed out, a
 * function of the seed and the step, so a resumed run replays it ({@link #advanceTo}) and sees the same data.
 */
public final class DataOrder {
    private final Corpus corpus;
    private final long seed;
    private final int rows;
    private final long[] consumed;
    private final long[] epochOf;
    private final int[][] permutation;
    private long nextUpdate = 1;

    public DataOrder(Corpus corpus, long seed, int rows) {
        this.corpus = corpus;
        this.seed = seed;
        this.rows = rows;
        int n = corpus.parts().size();
        this.consumed = new long[n];
        this.epochOf = new long[n];
        java.util.Arrays.fill(epochOf, -1);
        this.permutation = new int[n][];
    }

    /** Replays the source draws of updates before {@code update}, so the next batch is update {@code update}'s. */
    public void advanceTo(long update) {
        if (update < nextUpdate) throw new IllegalStateException("data order cannot go back from " + nextUpdate + " to " + update);
        for (long u = nextUpdate; u < update; u++) for (int r = 0; r < rows; r++) consumed[source(u, r)]++;
        nextUpdate = update;
    }

    /** Windows handed out per source so far (the data position, recorded in the state for checking). */
    public long[] consumed() {
        return consumed.clone();
    }

    public long nextUpdate() {
        return nextUpdate;
    }

    public Batch next() {
        int seq = corpus.seqLen();
        long[] inputs = new long[rows * seq];
        long[] targets = new long[rows * seq];
        for (int r = 0; r < rows; r++) {
            int s = source(nextUpdate, r);
            Corpus.Part part = corpus.parts().get(s);
            long windows = part.trainWindows(seq);
            long k = consumed[s]++;
            long epoch = k / windows;
            long start = (long) window(s, epoch, (int) (k % windows), windows) * seq;
            TokenFile t = part.tokens();
            for (int i = 0; i < seq; i++) {
                inputs[r * seq + i] = t.get(start + i);
                targets[r * seq + i] = t.get(start + i + 1);
            }
        }
        nextUpdate++;
        return new Batch(inputs, targets, rows, seq);
    }

    private int source(long update, int row) {
        List<Corpus.Part> parts = corpus.parts();
        if (parts.size() == 1) return 0;
        double u = new SplittableRandom(mix(seed, update * 1_000_003L + row)).nextDouble();
        double cumulative = 0;
        for (int i = 0; i < parts.size(); i++) {
            cumulative += parts.get(i).weight();
            if (u < cumulative) return i;
        }
        return parts.size() - 1;
    }

    private int window(int source, long epoch, int index, long windows) {
        if (epochOf[source] != epoch) {
            int n = Math.toIntExact(windows);
            int[] p = new int[n];
            for (int i = 0; i < n; i++) p[i] = i;
            SplittableRandom r = new SplittableRandom(mix(mix(seed, source), epoch));
            for (int i = n - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int tmp = p[i];
                p[i] = p[j];
                p[j] = tmp;
            }
            permutation[source] = p;
            epochOf[source] = epoch;
        }
        return permutation[source][index];
    }

    /** The validation windows: up to {@code max} in all, shared among the sources by weight, in batches of {@code rows}. */
    public static List<Batch> validation(Corpus corpus, int rows, int max) {
        int seq = corpus.seqLen();
        List<long[]> windows = new ArrayList<>();
        for (Corpus.Part p : corpus.parts()) {
            long take = Math.min(p.validationWindows(seq), Math.max(1, Math.round(max * p.weight())));
            for (long w = 0; w < take; w++) windows.add(new long[] {corpus.parts().indexOf(p), p.validationStart() + w * seq});
        }
        List<Batch> batches = new ArrayList<>();
        for (int from = 0; from < windows.size(); from += rows) {
            int n = Math.min(rows, windows.size() - from);
            long[] inputs = new long[n * seq];
            long[] targets = new long[n * seq];
            for (int r = 0; r < n; r++) {
                long[] w = windows.get(from + r);
                TokenFile t = corpus.parts().get((int) w[0]).tokens();
                for (int i = 0; i < seq; i++) {
                    inputs[r * seq + i] = t.get(w[1] + i);
                    targets[r * seq + i] = t.get(w[1] + i + 1);
                }
            }
            batches.add(new Batch(inputs, targets, n, seq));
        }
        return batches;
    }

    static long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
