package org.w2sg.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.w2sg.errors.UserException;
import org.w2sg.io.AtomicFiles;
import org.w2sg.model.HfConfig;
import org.w2sg.model.Models;
import org.w2sg.model.TensorSpec;
import org.w2sg.weights.DType;
import org.w2sg.weights.SafetensorsWriter;

/**
 * Writes a randomly initialised checkpoint of a given architecture as a Hugging Face folder (config.json +
 * model.safetensors): weights N(0, 0.02), norm weights 1, biases 0, the way transformers initialises a fresh model.
 * Values depend only on the seed and each tensor's name, so the same call always writes the same bytes; tensors are
 * generated and written one at a time, so shapes larger than the Java heap work.
 */
public final class RandomCheckpoint {
    private RandomCheckpoint() {}

    public static final double STD = 0.02;
    private static final int CHUNK = 1 << 20;

    /**
     * @param config  the config.json fields (e.g. a registry alias's config); torch_dtype is set from {@code storage}
     * @param storage F32, F16 or BF16
     * @param progress called with each tensor's element count once it is written (may be null)
     */
    public static void write(Map<String, Object> config, Path dir, long seed, DType storage, Consumer<Long> progress)
            throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.valueToTree(config);
        root.put("torch_dtype", switch (storage) {
            case F32 -> "float32";
            case F16 -> "float16";
            case BF16 -> "bfloat16";
            default -> throw new UserException("storage dtype must be F32, F16 or BF16, not " + storage);
        });
        Files.createDirectories(dir);
        Path configFile = dir.resolve("config.json");
        List<TensorSpec> tensors = Models.tensors(HfConfig.of(configFile, root));
        SafetensorsWriter writer = new SafetensorsWriter(storage).metadata("generator", "w2sg-harness random-checkpoint")
                .metadata("seed", Long.toString(seed));
        for (TensorSpec t : tensors) {
            writer.add(t.name(), t.shape(), () -> {
                float[] values = values(t, seed);
                if (progress != null) progress.accept(t.numel());
                return values;
            });
        }
        // Weights first: a folder with config.json but no weights never looks complete.
        writer.write(dir.resolve("model.safetensors"));
        AtomicFiles.writeString(configFile, json.writeValueAsString(root) + "\n");
    }

    public static long parameterCount(Map<String, Object> config) {
        ObjectNode root = new ObjectMapper().valueToTree(config);
        return Models.tensors(HfConfig.of(Path.of("config.json"), root)).stream().mapToLong(TensorSpec::numel).sum();
    }

    /** Seeded per tensor name and per 1M-value chunk, so chunks fill in parallel and the result never depends on it. */
    static float[] values(TensorSpec t, long seed) {
        long n = t.numel();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensor " + t.name() + " has " + n + " values, more than one Java array holds");
        }
        float[] v = new float[(int) n];
        switch (t.init()) {
            case ONES -> java.util.Arrays.fill(v, 1f);
            case ZEROS -> { }
            case NORMAL -> {
                long tensorSeed = new SplittableRandom(seed ^ (long) t.name().hashCode() * 0x9E3779B97F4A7C15L).nextLong();
                int chunks = (int) ((n + CHUNK - 1) / CHUNK);
                IntStream.range(0, chunks).parallel().forEach(c -> {
                    SplittableRandom r = new SplittableRandom(tensorSeed + c * 0xBF58476D1CE4E5B9L);
                    int end = (int) Math.min(n, (long) (c + 1) * CHUNK);
                    for (int i = c * CHUNK; i < end; i++) v[i] = (float) (r.nextGaussian() * STD);
                });
            }
        }
        return v;
    }
}
