package org.w2sg.extract;

import java.util.List;
import java.util.Map;

/**
 * A store entry's entry.json, written last: the entry holds {@code rows} examples (the first rows of ids.txt and of
 * every .npy; files may hold more rows from an append that was interrupted, which are ignored).
 */
public record EntryManifest(
        int format,
        String model,
        String revision,
        String dataset,
        EntryIdentity identity,
        Map<String, CheckpointFingerprint.FileStat> checkpointFiles,
        String modelType,
        int numLayers,
        int hiddenSize,
        List<Integer> layers,
        List<String> poolings,
        int rows,
        boolean tokensSaved,
        Map<String, Object> lastRun) {
    public static final int FORMAT = 1;
}
