package org.w2sg.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.w2sg.registry.ModelAlias;
import org.w2sg.weights.DType;
import org.w2sg.weights.SafetensorsStore;
import org.w2sg.weights.TorchBinWriter;
import org.w2sg.weights.Weights;

/**
 * Random float16 checkpoints for the bench commands, written once per (alias, seed) under
 * {@code <java.io.tmpdir>/w2sg-random-checkpoints} (or a given folder) and reused while their config still matches.
 */
final class RandomCheckpointCache {
    private RandomCheckpointCache() {}

    static Path root(Path cache) {
        return cache != null ? cache : Path.of(System.getProperty("java.io.tmpdir"), "w2sg-random-checkpoints");
    }

    /** The folder with config.json and model.safetensors (float16) for this alias and seed, written if missing. */
    static Path safetensors(ModelAlias alias, Path cache, long seed) throws IOException {
        Path dir = root(cache).resolve(alias.name() + "-seed" + seed + "-float16");
        if (!matches(dir, alias)) {
            System.err.printf("writing a random %s-shaped checkpoint to %s (once; later runs reuse it)%n", alias.name(), dir);
            Files.deleteIfExists(dir.resolve(Weights.BIN));
            RandomCheckpointCommand.write(alias.config(), dir, seed, DType.F16);
        }
        return dir;
    }

    /** The same folder with a torch.save copy of the weights ({@code pytorch_model.bin}) beside the safetensors. */
    static Path withTorchBin(ModelAlias alias, Path cache, long seed) throws IOException {
        Path dir = safetensors(alias, cache, seed);
        Path bin = dir.resolve(Weights.BIN);
        Path st = dir.resolve(Weights.SAFETENSORS);
        if (!Files.isRegularFile(bin) || Files.getLastModifiedTime(bin).compareTo(Files.getLastModifiedTime(st)) < 0) {
            System.err.printf("writing %s (torch.save format, once)%n", bin);
            try (SafetensorsStore store = SafetensorsStore.open(st)) {
                TorchBinWriter.copy(store, bin);
            }
        }
        return dir;
    }

    /** A cached folder is reused only when it is complete and was written from the same config. */
    private static boolean matches(Path dir, ModelAlias alias) {
        Path config = dir.resolve("config.json");
        if (!Files.isRegularFile(config) || !Files.isRegularFile(dir.resolve(Weights.SAFETENSORS))) return false;
        try {
            ObjectMapper json = new ObjectMapper();
            ObjectNode stored = (ObjectNode) json.readTree(config.toFile());
            stored.remove("torch_dtype");
            ObjectNode wanted = json.valueToTree(alias.config());
            wanted.remove("torch_dtype");
            return stored.equals(wanted);
        } catch (IOException | ClassCastException e) {
            return false;
        }
    }
}
