package org.w2sg.sweep;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.w2sg.data.Example;
import org.w2sg.extract.ActivationStore;
import org.w2sg.probe.WeakPredictions;
import org.w2sg.probe.WeakSupervisors;

/**
 * {@code structured-noise:P}: gold labels flipped on the share P of the longest texts (in Unicode code points) of B
 * and, separately, of T; ties go by a hash of the example id. The errors are a deterministic function of the input (a
 * feature a language model's activations can carry), so a w2s probe can learn to imitate them, unlike noisy-gold's
 * independent flips. Nothing is random: a rerun flips the same rows.
 */
public final class StructuredNoiseLabeler implements WeakLabeler {
    private final double errorRate;
    private final ActivationStore store;
    private final Map<String, Map<String, Example>> byDataset = new HashMap<>();

    public StructuredNoiseLabeler(double errorRate, ActivationStore store) {
        this.errorRate = errorRate;
        this.store = store;
    }

    @Override
    public WeakPredictions label(Halves h) {
        Map<String, Example> examples = byDataset.computeIfAbsent(h.dataset(), this::examples);
        return WeakSupervisors.structuredNoise(errorRate, lengths(h.idsB(), examples), ties(h.idsB()), h.goldB(),
                lengths(h.idsT(), examples), ties(h.idsT()), h.goldT());
    }

    private Map<String, Example> examples(String dataset) {
        var data = store.dataset(dataset);
        Map<String, Example> m = new HashMap<>();
        for (Example e : data.trainPool()) m.put(e.id(), e);
        for (Example e : data.testSet()) m.put(e.id(), e);
        return m;
    }

    static double[] lengths(List<String> ids, Map<String, Example> examples) {
        double[] out = new double[ids.size()];
        for (int i = 0; i < out.length; i++) {
            Example e = examples.get(ids.get(i));
            if (e == null) throw new IllegalStateException("structured-noise: example " + ids.get(i) + " is not in its dataset");
            out[i] = e.text().codePointCount(0, e.text().length());
        }
        return out;
    }

    /** A fixed tie-break per id (FNV-1a over its UTF-8 bytes): the same on every machine and run. */
    static long[] ties(List<String> ids) {
        long[] out = new long[ids.size()];
        for (int i = 0; i < out.length; i++) {
            long hash = 0xcbf29ce484222325L;
            for (byte b : ids.get(i).getBytes(StandardCharsets.UTF_8)) {
                hash ^= b & 0xff;
                hash *= 0x100000001b3L;
            }
            out[i] = hash;
        }
        return out;
    }

    @Override
    public String describe() {
        return "structured-noise:" + errorRate;
    }
}
