package org.w2sg.extract;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.w2sg.data.SplitPart;
import org.w2sg.data.SplitSizes;
import org.w2sg.model.ModelOptions;

/**
 * What the sweep (or {@code harness extract}) asks the store for: pooled activations of one checkpoint on the
 * examples of one dataset that the given split seeds draw.
 *
 * @param dataset   a built-in dataset name or the path of a dataset card
 * @param seeds     split seeds; the store holds the union of their examples, each seed's split is recorded
 * @param tokenizer a tokenizer.json to use instead of the checkpoint's own (null = the checkpoint's)
 * @param parts     which of each seed's splits to extract (default all three; the sweep's strong model needs only B
 *                  and T)
 */
public record ExtractionRequest(CheckpointRef checkpoint, String dataset, SplitSizes sizes, List<Long> seeds,
                                LayerSelection layers, List<Pooling> poolings, Path tokenizer, ModelOptions model,
                                ExtractOptions options, Set<SplitPart> parts) {
    public ExtractionRequest {
        if (checkpoint == null) throw new IllegalArgumentException("an extraction needs a checkpoint");
        if (dataset == null || dataset.isBlank()) throw new IllegalArgumentException("an extraction needs a dataset");
        if (sizes == null) sizes = SplitSizes.DEFAULT;
        seeds = seeds == null || seeds.isEmpty() ? List.of(0L) : List.copyOf(seeds);
        if (layers == null) layers = LayerSelection.of("mid");
        poolings = poolings == null || poolings.isEmpty() ? List.of(Pooling.LAST)
                : List.copyOf(new java.util.TreeSet<>(poolings));
        if (model == null) model = ModelOptions.defaults();
        if (options == null) options = ExtractOptions.DEFAULT;
        if (parts == null) parts = SplitPart.ALL;
        if (parts.isEmpty()) throw new IllegalArgumentException("an extraction needs at least one of the splits A, B, T");
        parts = Collections.unmodifiableSet(EnumSet.copyOf(parts));
    }

    /** All three splits of each seed. */
    public ExtractionRequest(CheckpointRef checkpoint, String dataset, SplitSizes sizes, List<Long> seeds,
                             LayerSelection layers, List<Pooling> poolings, Path tokenizer, ModelOptions model,
                             ExtractOptions options) {
        this(checkpoint, dataset, sizes, seeds, layers, poolings, tokenizer, model, options, null);
    }

    /** Defaults: split sizes {@link SplitSizes#DEFAULT}, seed 0, the middle layer, last-token pooling. */
    public static ExtractionRequest of(CheckpointRef checkpoint, String dataset) {
        return new ExtractionRequest(checkpoint, dataset, null, null, null, null, null, null, null);
    }

    public ExtractionRequest withSizes(SplitSizes s) {
        return new ExtractionRequest(checkpoint, dataset, s, seeds, layers, poolings, tokenizer, model, options, parts);
    }

    public ExtractionRequest withSeeds(List<Long> s) {
        return new ExtractionRequest(checkpoint, dataset, sizes, s, layers, poolings, tokenizer, model, options, parts);
    }

    public ExtractionRequest withLayers(LayerSelection l) {
        return new ExtractionRequest(checkpoint, dataset, sizes, seeds, l, poolings, tokenizer, model, options, parts);
    }

    public ExtractionRequest withPoolings(List<Pooling> p) {
        return new ExtractionRequest(checkpoint, dataset, sizes, seeds, layers, p, tokenizer, model, options, parts);
    }

    public ExtractionRequest withTokenizer(Path t) {
        return new ExtractionRequest(checkpoint, dataset, sizes, seeds, layers, poolings, t, model, options, parts);
    }

    public ExtractionRequest withModel(ModelOptions m) {
        return new ExtractionRequest(checkpoint, dataset, sizes, seeds, layers, poolings, tokenizer, m, options, parts);
    }

    /** Only these splits of each seed (the store entry may hold more, from other requests). */
    public ExtractionRequest withParts(Set<SplitPart> p) {
        return new ExtractionRequest(checkpoint, dataset, sizes, seeds, layers, poolings, tokenizer, model, options, p);
    }

    public ExtractionRequest withOptions(ExtractOptions o) {
        return new ExtractionRequest(checkpoint, dataset, sizes, seeds, layers, poolings, tokenizer, model, o, parts);
    }
}
