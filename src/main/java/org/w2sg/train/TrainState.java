package org.w2sg.train;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.w2sg.io.AtomicFiles;
import org.w2sg.weights.DType;
import org.w2sg.weights.SafetensorsWriter;

/**
 * Everything a killed run needs to continue exactly where it was: the weights and AdamW's moments (float32, as they
 * are in memory), the number of updates done, and the data position (windows handed out per source; with the seed
 * this fixes every later batch; nothing else in training is random). Kept in {@code runs/NAME/state/}; a new state is
 * written to {@code state.new/} and swapped in by renames, so a kill at any moment leaves {@code state/} or
 * {@code state.old/} complete.
 */
public record TrainState(long updates, long tokens, long[] consumed, Map<String, float[]> weights,
                         Map<String, float[]> firstMoments, Map<String, float[]> secondMoments) {

    public static void save(Path runDir, TrainState s, Map<String, long[]> shapes) throws IOException {
        Path fresh = runDir.resolve("state.new");
        Path current = runDir.resolve("state");
        Path old = runDir.resolve("state.old");
        CheckpointFolder.deleteTree(fresh);
        Files.createDirectories(fresh);
        SafetensorsWriter weights = new SafetensorsWriter(DType.F32);
        s.weights().forEach((k, v) -> weights.add(k, shapes.get(k), v));
        weights.write(fresh.resolve("weights.safetensors"));
        SafetensorsWriter moments = new SafetensorsWriter(DType.F32);
        s.firstMoments().forEach((k, v) -> moments.add("exp_avg." + k, shapes.get(k), v));
        s.secondMoments().forEach((k, v) -> moments.add("exp_avg_sq." + k, shapes.get(k), v));
        moments.write(fresh.resolve("moments.safetensors"));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("updates", s.updates());
        json.put("tokens", s.tokens());
        json.put("windows_consumed", s.consumed());
        AtomicFiles.writeString(fresh.resolve("state.json"), CheckpointFolder.JSON.writeValueAsString(json) + "\n");
        CheckpointFolder.deleteTree(old);
        if (Files.exists(current)) Files.move(current, old, StandardCopyOption.ATOMIC_MOVE);
        Files.move(fresh, current, StandardCopyOption.ATOMIC_MOVE);
        CheckpointFolder.deleteTree(old);
    }

    /** The saved state, or null when the run has none yet. */
    public static TrainState load(Path runDir) throws IOException {
        Path dir = runDir.resolve("state");
        if (!Files.isRegularFile(dir.resolve("state.json"))) dir = runDir.resolve("state.old");
        if (!Files.isRegularFile(dir.resolve("state.json"))) return null;
        JsonNode json = CheckpointFolder.JSON.readTree(dir.resolve("state.json").toFile());
        long[] consumed = new long[json.get("windows_consumed").size()];
        for (int i = 0; i < consumed.length; i++) consumed[i] = json.get("windows_consumed").get(i).asLong();
        Map<String, float[]> weights = CheckpointFolder.read(dir.resolve("weights.safetensors"));
        Map<String, float[]> moments = CheckpointFolder.read(dir.resolve("moments.safetensors"));
        Map<String, float[]> m = new LinkedHashMap<>();
        Map<String, float[]> v = new LinkedHashMap<>();
        moments.forEach((k, a) -> {
            if (k.startsWith("exp_avg_sq.")) v.put(k.substring("exp_avg_sq.".length()), a);
            else m.put(k.substring("exp_avg.".length()), a);
        });
        return new TrainState(json.get("updates").asLong(), json.get("tokens").asLong(), consumed, weights, m, v);
    }
}
