package org.w2sg.train;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.w2sg.io.AtomicFiles;
import org.w2sg.weights.DType;
import org.w2sg.weights.SafetensorsStore;
import org.w2sg.weights.SafetensorsWriter;

/**
 * One saved checkpoint, {@code runs/NAME/stepN/}: a Hugging Face folder (config.json, model.safetensors in float32,
 * tokenizer.json) plus trainer_state.json with the step and the tokens seen, in the Hugging Face Trainer's field names
 * (global_step, num_input_tokens_seen), which is where the sweep reads the tokens from. The folder is written under a
 * temporary name and renamed, so a {@code stepN} folder is always complete.
 */
public final class CheckpointFolder {
    public static final String TRAINER_STATE = "trainer_state.json";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CheckpointFolder() {}

    public static String name(long step) {
        return "step" + step;
    }

    public static void write(Path dir, Map<String, Object> config, TrainableGptNeoX model, Path tokenizer, long step,
                             long tokens) throws IOException {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : model.parameters().entrySet()) values.put(e.getKey(), e.getValue().toFloatArray());
        write(dir, config, values, shapes(model), tokenizer, step, tokens);
    }

    static Map<String, long[]> shapes(TrainableGptNeoX model) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        model.parameters().forEach((k, v) -> shapes.put(k, v.getShape().getShape()));
        return shapes;
    }

    public static void write(Path dir, Map<String, Object> config, Map<String, float[]> values, Map<String, long[]> shapes,
                             Path tokenizer, long step, long tokens) throws IOException {
        Path parent = dir.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = parent.resolve("." + dir.getFileName() + ".tmp");
        deleteTree(tmp);
        Files.createDirectories(tmp);
        SafetensorsWriter writer = new SafetensorsWriter(DType.F32).metadata("generator", "w2sg-harness pretrain")
                .metadata("step", Long.toString(step));
        for (Map.Entry<String, float[]> e : values.entrySet()) writer.add(e.getKey(), shapes.get(e.getKey()), e.getValue());
        writer.write(tmp.resolve("model.safetensors"));
        AtomicFiles.writeString(tmp.resolve("config.json"), JSON.writeValueAsString(config) + "\n");
        AtomicFiles.writeBytes(tmp.resolve("tokenizer.json"), Files.readAllBytes(tokenizer));
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("global_step", step);
        state.put("num_input_tokens_seen", tokens);
        AtomicFiles.writeString(tmp.resolve(TRAINER_STATE), JSON.writeValueAsString(state) + "\n");
        deleteTree(dir);
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The float32 values of a checkpoint's model.safetensors, by tensor name. */
    public static Map<String, float[]> read(Path file) {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (SafetensorsStore store = SafetensorsStore.open(file)) {
            for (String name : store.names()) {
                long n = 1;
                for (long s : store.info(name).shape()) n *= s;
                ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(n * 4)).order(ByteOrder.nativeOrder());
                store.float32Into(name, buf);
                float[] v = new float[Math.toIntExact(n)];
                buf.flip();
                buf.asFloatBuffer().get(v);
                out.put(name, v);
            }
        }
        return out;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
