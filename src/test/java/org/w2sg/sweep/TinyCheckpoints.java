package org.w2sg.sweep;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.w2sg.io.SharedDir;
import org.w2sg.registry.Registry;
import org.w2sg.tools.RandomCheckpoint;
import org.w2sg.weights.DType;

/**
 * Random checkpoints for the sweep's tests: pythia-70m's architecture shrunk to 2 blocks of width 32, but with the
 * real 50,304-row embedding, so the real GPT-NeoX-20B tokenizer (from the shared folder) fits without remapping ids.
 */
public final class TinyCheckpoints {
    private TinyCheckpoints() {}

    public static Map<String, Object> config() throws Exception {
        Map<String, Object> config = new LinkedHashMap<>(Registry.bundled().alias("pythia-70m").config());
        config.put("hidden_size", 32);
        config.put("num_hidden_layers", 2);
        config.put("num_attention_heads", 4);
        config.put("intermediate_size", 64);
        return config;
    }

    public static Path tokenizer() {
        return SharedDir.tokenizers().resolve("gpt-neox-20b/20B_tokenizer.json");
    }

    /** A Hugging Face folder: config.json, model.safetensors (float32, N(0, 0.02) by seed) and tokenizer.json. */
    public static Path write(Path dir, long seed) throws Exception {
        RandomCheckpoint.write(config(), dir, seed, DType.F32, null);
        Files.copy(tokenizer(), dir.resolve("tokenizer.json"));
        return dir;
    }
}
