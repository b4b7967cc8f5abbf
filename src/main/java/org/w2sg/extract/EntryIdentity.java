package org.w2sg.extract;

import java.util.Map;
import java.util.TreeMap;

/**
 * Everything that determines a store entry's numbers: the checkpoint's files, the tokenizer, the formatted dataset,
 * the token limit and the compute dtype. An entry whose identity differs from a request's is stale and rebuilt.
 */
public record EntryIdentity(Map<String, String> checkpointSha256, String tokenizerSha256, String datasetSha256,
                            int maxLength, String dtype) {
    public EntryIdentity {
        checkpointSha256 = new TreeMap<>(checkpointSha256);
    }

    /** What differs from {@code other}, for the log line that says why an entry is rebuilt. */
    String differenceFrom(EntryIdentity other) {
        if (!checkpointSha256.equals(other.checkpointSha256)) return "the checkpoint files changed";
        if (!tokenizerSha256.equals(other.tokenizerSha256)) return "the tokenizer changed";
        if (!datasetSha256.equals(other.datasetSha256)) return "the dataset (files, card template or label rule) changed";
        if (maxLength != other.maxLength) return "the maximum length changed (" + other.maxLength + " -> " + maxLength + ")";
        if (!dtype.equals(other.dtype)) return "the dtype changed (" + other.dtype + " -> " + dtype + ")";
        return "nothing";
    }
}
