package org.w2sg.sweep;

import java.util.List;
import java.util.Set;
import org.w2sg.data.SplitPart;
import org.w2sg.data.SplitSizes;
import org.w2sg.extract.ActivationStore;
import org.w2sg.extract.Activations;
import org.w2sg.extract.CheckpointRef;
import org.w2sg.extract.ExtractOptions;
import org.w2sg.extract.ExtractionRequest;
import org.w2sg.extract.LayerSelection;
import org.w2sg.extract.Pooling;
import org.w2sg.model.ModelOptions;

/**
 * How the sweep asks the activation store for features: one request per (checkpoint, dataset) for all the plan's
 * seeds and the splits that model needs (the weak supervisor A, B and T; the strong model B and T), with the run's
 * split sizes, pooling, device and batching.
 */
public record ActivationRequests(ActivationStore store, SplitSizes sizes, Pooling pooling, ModelOptions model,
                       ExtractOptions options) {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ActivationRequests.class);

    public Activations get(CheckpointRef checkpoint, String dataset, List<Integer> seeds, LayerSelection layers,
                           Set<SplitPart> parts) {
        ExtractionRequest req = ExtractionRequest.of(checkpoint, dataset).withSizes(sizes)
                .withSeeds(seeds.stream().map(Integer::longValue).toList()).withLayers(layers)
                .withPoolings(List.of(pooling)).withModel(model).withOptions(options).withParts(parts);
        Activations a = store.getOrExtract(req);
        a.extraction().ifPresent(s -> LOG.info("{} {}: extracted {}", dataset, checkpoint, s));
        return a;
    }

    public float[][] rows(Activations a, int layer) {
        return a.features(layer, pooling);
    }
}
