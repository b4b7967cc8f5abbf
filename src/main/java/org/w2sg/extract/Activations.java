package org.w2sg.extract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.w2sg.data.Example;
import org.w2sg.data.SplitPart;
import org.w2sg.data.Splits;
import org.w2sg.errors.UserException;
import org.w2sg.io.Npy;

/**
 * The pooled activations a request asked for, backed by one store folder: rows are the request's examples (for each
 * seed in turn its weak-train, transfer and test examples, or those of the requested splits, each example once), features are read from the store's
 * .npy files when asked for. A view stays valid while the entry only grows; once the entry is rebuilt (another
 * checkpoint, tokenizer, dataset or length limit) reading from it fails instead of returning other numbers.
 */
public final class Activations {
    /**
     * Row numbers (into {@link #ids()}) of one seed's splits; a split the request did not ask for is null, and reading
     * it fails with a message rather than returning nothing.
     */
    public record Split(long seed, int[] weakTrain, int[] transfer, int[] test) {
        public int[] weakTrain() {
            return require(weakTrain, SplitPart.WEAK_TRAIN);
        }

        public int[] transfer() {
            return require(transfer, SplitPart.TRANSFER);
        }

        public int[] test() {
            return require(test, SplitPart.TEST);
        }

        private int[] require(int[] rows, SplitPart part) {
            if (rows == null)
                throw new IllegalStateException("split " + part.letter() + " of seed " + seed + " was not requested from"
                        + " the activation store: add it to the request's parts");
            return rows;
        }
    }

    private final CheckpointRef checkpoint;
    private final String dataset;
    private final Path folder;
    private final EntryManifest manifest;
    private final List<Example> examples;
    private final int[] entryRows;
    private final Map<Long, Split> splits = new LinkedHashMap<>();
    private final ExtractionStats extraction;

    Activations(CheckpointRef checkpoint, String dataset, Path folder, EntryManifest manifest, List<Example> examples,
                Map<String, Integer> entryRowOf, List<Splits> seedSplits, Set<SplitPart> parts, ExtractionStats extraction) {
        this.checkpoint = checkpoint;
        this.dataset = dataset;
        this.folder = folder;
        this.manifest = manifest;
        this.examples = List.copyOf(examples);
        this.entryRows = examples.stream().mapToInt(e -> entryRowOf.get(e.id())).toArray();
        this.extraction = extraction;
        Map<String, Integer> rowOf = new HashMap<>();
        for (int i = 0; i < examples.size(); i++) rowOf.put(examples.get(i).id(), i);
        for (Splits s : seedSplits) {
            splits.put(s.seed(), new Split(s.seed(), rows(s, SplitPart.WEAK_TRAIN, parts, rowOf),
                    rows(s, SplitPart.TRANSFER, parts, rowOf), rows(s, SplitPart.TEST, parts, rowOf)));
        }
    }

    public CheckpointRef checkpoint() {
        return checkpoint;
    }

    public String dataset() {
        return dataset;
    }

    /** The store folder behind this view. */
    public Path folder() {
        return folder;
    }

    public int size() {
        return examples.size();
    }

    public int hiddenSize() {
        return manifest.hiddenSize();
    }

    public int numLayers() {
        return manifest.numLayers();
    }

    /** Hidden-state indices available (0 = embeddings ... numLayers = after the final norm). */
    public List<Integer> layers() {
        return manifest.layers();
    }

    public List<Pooling> poolings() {
        return manifest.poolings().stream().map(Pooling::parse).toList();
    }

    public List<String> ids() {
        return examples.stream().map(Example::id).toList();
    }

    public List<Example> examples() {
        return examples;
    }

    /** Gold labels, 0 or 1, in row order. */
    public int[] labels() {
        return examples.stream().mapToInt(Example::label).toArray();
    }

    public Split split(long seed) {
        Split s = splits.get(seed);
        if (s == null) throw new IllegalArgumentException("seed " + seed + " was not requested; requested: " + splits.keySet());
        return s;
    }

    public List<Long> seeds() {
        return new ArrayList<>(splits.keySet());
    }

    /** What extracting took, when this request extracted anything; empty when the store already had it all. */
    public Optional<ExtractionStats> extraction() {
        return Optional.ofNullable(extraction);
    }

    /** Row-major [size, hidden] features of one hidden state and pooling. */
    public float[] flatFeatures(int layer, Pooling pooling) {
        if (!manifest.layers().contains(layer) || !manifest.poolings().contains(pooling.tag())) {
            throw new UserException("the store has no " + pooling.tag() + "-pooled hidden state " + layer
                    + " for " + checkpoint + " on " + dataset + " (it has layers " + manifest.layers() + ", pooling "
                    + manifest.poolings() + ")");
        }
        EntryManifest now = StoreJson.readOrNull(folder.resolve(StoreEntry.MANIFEST), EntryManifest.class);
        if (now == null || !now.identity().equals(manifest.identity()) || now.rows() < manifest.rows()) {
            throw new IllegalStateException("the store entry " + folder + " was rebuilt or removed since these "
                    + "activations were returned: ask the store again");
        }
        float[] all;
        try {
            all = Npy.read(folder.resolve(Extractor.fileName(layer, pooling))).floats();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int h = hiddenSize();
        float[] out = new float[entryRows.length * h];
        for (int i = 0; i < entryRows.length; i++) System.arraycopy(all, entryRows[i] * h, out, i * h, h);
        return out;
    }

    /** [size][hidden] features of one hidden state and pooling. */
    public float[][] features(int layer, Pooling pooling) {
        float[] flat = flatFeatures(layer, pooling);
        int h = hiddenSize();
        float[][] out = new float[entryRows.length][];
        for (int i = 0; i < out.length; i++) out[i] = java.util.Arrays.copyOfRange(flat, i * h, (i + 1) * h);
        return out;
    }

    private static int[] rows(Splits s, SplitPart part, Set<SplitPart> parts, Map<String, Integer> rowOf) {
        if (!parts.contains(part)) return null;
        return part.of(s).stream().mapToInt(e -> rowOf.get(e.id())).toArray();
    }
}
