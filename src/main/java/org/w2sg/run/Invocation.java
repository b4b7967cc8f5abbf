package org.w2sg.run;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w2sg.io.AtomicFiles;
import org.w2sg.run.Ledger;

/**
 * How each process of a run was started (all its options, the command line, the versions), one file per shard under
 * {@code ledger/invocations/}; run.json lists them all.
 */
public final class Invocation {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Invocation() {}

    /** One file per process (shard, start time and process id in its name), so a resumed run keeps the earlier ones. */
    public static void record(Path runDir, Shard shard, Map<String, Object> invocation) throws IOException {
        String started = String.valueOf(invocation.getOrDefault("started", java.time.Instant.now().toString()))
                .replaceAll("[^0-9A-Za-z]", "");
        Path f = Ledger.directory(runDir).resolve("invocations")
                .resolve(shard.tag() + "-" + started + "-" + ProcessHandle.current().pid() + ".json");
        AtomicFiles.writeString(f, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(invocation) + "\n");
    }

    public static List<Map<String, Object>> readAll(Path runDir) {
        Path dir = Ledger.directory(runDir).resolve("invocations");
        List<Map<String, Object>> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        for (Path f : RunFiles.list(dir, ".json")) {
            out.add(RunFiles.read(f, "an invocation record of this run",
                    () -> JSON.readValue(f.toFile(), new TypeReference<LinkedHashMap<String, Object>>() {})));
        }
        return out;
    }
}
