package org.w2sg.run;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.w2sg.errors.UserException;
import org.w2sg.io.AtomicFiles;

/**
 * The checkpoints a run folder is bound to, one small JSON file per strong revision and one for the weak supervisor
 * under {@code ledger/identity/}. A revision is bound when its first unit is recorded (never before, so a run that
 * fails early binds nothing); every later process checks its checkpoints against them before doing any work.
 */
public final class RunIdentities {
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private RunIdentities() {}

    static Path directory(Path runDir) {
        return Ledger.directory(runDir).resolve("identity");
    }

    /** The recorded identities, by key. */
    public static Map<String, CheckpointIdentity> readAll(Path runDir) {
        Map<String, CheckpointIdentity> out = new TreeMap<>();
        Path dir = directory(runDir);
        if (!Files.isDirectory(dir)) return out;
        for (Path f : RunFiles.list(dir, ".json")) {
            CheckpointIdentity id = read(f);
            out.put(id.key(), id);
        }
        return out;
    }

    /**
     * Refuses, naming every revision that differs and what to do, when any checkpoint of this run is not the one the
     * folder's results were computed from.
     */
    public static void verify(Path runDir, List<CheckpointIdentity> planned) {
        Map<String, CheckpointIdentity> recorded = readAll(runDir);
        List<String> clashes = new ArrayList<>();
        for (CheckpointIdentity now : planned) {
            CheckpointIdentity was = recorded.get(now.key());
            if (was != null && now.differsFrom(was)) {
                clashes.add((now.role().equals(CheckpointIdentity.WEAK) ? "the weak supervisor " : "")
                        + now.revision() + ": recorded " + was.describe() + ", now " + now.describe());
            }
        }
        if (clashes.isEmpty()) return;
        throw new UserException(runDir + " holds results computed from other checkpoints (" + String.join("; ", clashes)
                + "): mixing them would put two models in one table. Give a new --out folder for these checkpoints, "
                + "or delete " + runDir + " to start over with them");
    }

    /** Records an identity (checked first: a clash here means another process bound a different checkpoint). */
    public static void bind(Path runDir, CheckpointIdentity id) throws IOException {
        verify(runDir, List.of(id));
        Path f = directory(runDir).resolve(id.key() + ".json");
        CheckpointIdentity was = Files.isRegularFile(f) ? read(f) : null;
        if (id.equals(was) || was != null && id.commit() == null) return;
        AtomicFiles.writeString(f, JSON.writeValueAsString(id) + "\n");
    }

    private static CheckpointIdentity read(Path f) {
        return RunFiles.read(f, "a checkpoint identity of this run", () -> JSON.readValue(f.toFile(), CheckpointIdentity.class));
    }
}
