package org.w2sg.run;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.w2sg.io.AtomicFiles;
import org.w2sg.io.Untrusted;

/**
 * Provenance of each checkpoint a run used (commit, weight-file hashes), one small JSON file per revision under
 * {@code ledger/checkpoints/}, so run.json can be rebuilt from any mix of shards.
 */
public final class CheckpointLog {
    /**
     * The provenance key of the weights' fingerprint ({@link org.w2sg.hub.RevisionDigest#fingerprint()}): equal for two
     * revisions exactly when their weight files are byte-identical, which the tables then flag.
     */
    public static final String WEIGHTS_FINGERPRINT = "weights_fingerprint";

    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckpointLog() {}

    static Path directory(Path runDir) {
        return Ledger.directory(runDir).resolve("checkpoints");
    }

    /**
     * Records a revision's provenance. A resumed process that found the activations in the store never downloads the
     * weights, so it knows less (no file hashes): it does not overwrite a fuller record.
     */
    public static void record(Path runDir, String revision, Map<String, Object> provenance) throws IOException {
        Path f = directory(runDir).resolve(safe(revision) + ".json");
        if (!provenance.containsKey("files_sha256") && Files.exists(f)) return;
        AtomicFiles.writeString(f, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(provenance) + "\n");
    }

    /** All recorded checkpoints keyed by file name (the revision), in name order. */
    public static Map<String, Map<String, Object>> readAll(Path runDir) {
        Path dir = directory(runDir);
        Map<String, Map<String, Object>> out = new TreeMap<>();
        if (!Files.isDirectory(dir)) return out;
        for (Path f : RunFiles.list(dir, ".json")) {
            String name = f.getFileName().toString();
            out.put(name.substring(0, name.length() - 5), RunFiles.read(f, "a checkpoint record of this run",
                    () -> JSON.readValue(f.toFile(), new TypeReference<LinkedHashMap<String, Object>>() {})));
        }
        return out;
    }

    /** The revision as one file name that cannot leave ledger/checkpoints/ (the activation store's mapping). */
    static String safe(String revision) {
        return Untrusted.folderName(revision);
    }
}
