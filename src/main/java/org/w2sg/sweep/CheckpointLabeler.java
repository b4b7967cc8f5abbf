package org.w2sg.sweep;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.w2sg.data.SplitPart;
import org.w2sg.extract.Activations;
import org.w2sg.extract.CheckpointRef;
import org.w2sg.extract.LayerSelection;
import org.w2sg.probe.ProbeOptions;
import org.w2sg.probe.WeakPredictions;
import org.w2sg.probe.WeakSupervisors;
import org.w2sg.registry.Revision;

/**
 * The default weak supervisor: a fixed small checkpoint's gold probe, trained on its features of A and labelling B and
 * T. Its features come from the activation store (one entry per dataset for all the plan's seeds), so a resumed sweep
 * does not run the weak model again; predictions are kept per (dataset, seed) for the whole sweep.
 */
public final class CheckpointLabeler implements WeakLabeler {
    private final CheckpointSource source;
    private final Revision revision;
    private final int layer;
    private final ActivationRequests features;
    private final List<Integer> seeds;
    private final ProbeOptions probe;
    private final Map<String, Activations> activations = new HashMap<>();
    private final Map<String, WeakPredictions> cache = new HashMap<>();
    private CheckpointSource.Opened opened;

    public CheckpointLabeler(CheckpointSource source, Revision revision, int layer, ActivationRequests features,
                             List<Integer> seeds, ProbeOptions probe) {
        this.source = source;
        this.revision = revision;
        this.layer = layer;
        this.features = features;
        this.seeds = List.copyOf(seeds);
        this.probe = probe;
    }

    @Override
    public WeakPredictions label(Halves h) throws IOException {
        String dataset = h.dataset();
        int seed = h.seed();
        String key = dataset + "|" + seed;
        WeakPredictions cached = cache.get(key);
        if (cached != null) return cached;
        Activations a = activations.get(dataset);
        if (a == null) {
            if (opened == null) opened = source.open(revision);
            CheckpointRef ref = new CheckpointRef(source.model(), revision.name(), opened.dir());
            a = features.get(ref, dataset, seeds, LayerSelection.of(Integer.toString(layer)), SplitPart.ALL);
            activations.put(dataset, a);
        }
        Activations.Split split = a.split(seed);
        float[][] x = features.rows(a, layer);
        int[] gold = a.labels();
        if (!Rows.take(a.ids(), split.transfer()).equals(h.idsB())
                || !Rows.take(a.ids(), split.test()).equals(h.idsT())) {
            throw new IllegalStateException("the weak and strong models' splits of " + dataset + " seed " + seed
                    + " differ: the activation store must draw the same examples for both");
        }
        WeakPredictions w = WeakSupervisors.goldProbe(Rows.take(x, split.weakTrain()),
                Rows.take(gold, split.weakTrain()), Rows.take(x, split.transfer()),
                Rows.take(x, split.test()), probe.withSeed(seed), describe());
        cache.put(key, w);
        return w;
    }

    @Override
    public String describe() {
        return source.model() + "@" + revision.name() + ":" + layer;
    }

    @Override
    public void close() throws IOException {
        if (opened != null) opened.close();
    }
}
