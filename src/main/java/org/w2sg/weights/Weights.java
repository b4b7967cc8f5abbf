package org.w2sg.weights;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.w2sg.hub.WeightFormat;

/** Opens the weights of a Hugging Face style checkpoint folder (a Hub snapshot or a local training run). */
public final class Weights {
    private Weights() {}

    public static final String SAFETENSORS = "model.safetensors";
    public static final String SAFETENSORS_INDEX = "model.safetensors.index.json";
    public static final String BIN = "pytorch_model.bin";
    public static final String BIN_INDEX = "pytorch_model.bin.index.json";

    public static TensorStore open(Path checkpointDir) {
        return open(checkpointDir, WeightFormat.AUTO);
    }

    /**
     * Picks {@code model.safetensors}, {@code model.safetensors.index.json} (sharded), {@code pytorch_model.bin} or
     * {@code pytorch_model.bin.index.json}, in that order for AUTO. A path to one weight file opens that file.
     */
    public static TensorStore open(Path checkpointDir, WeightFormat pref) {
        if (Files.isRegularFile(checkpointDir)) return openFile(checkpointDir);
        if (!Files.isDirectory(checkpointDir)) {
            throw new WeightsException(checkpointDir + ": no such checkpoint folder");
        }
        List<String> candidates = switch (pref) {
            case SAFETENSORS -> List.of(SAFETENSORS, SAFETENSORS_INDEX);
            case BIN -> List.of(BIN, BIN_INDEX);
            case AUTO -> List.of(SAFETENSORS, SAFETENSORS_INDEX, BIN, BIN_INDEX);
        };
        for (String c : candidates) {
            Path p = checkpointDir.resolve(c);
            if (Files.isRegularFile(p)) return openFile(p);
        }
        throw new WeightsException(checkpointDir + ": no " + String.join(" or ", candidates) + " here (found: "
                + listing(checkpointDir) + ")" + (pref == WeightFormat.AUTO ? "" : "; try another weight format"));
    }

    /** Opens one weight file or shard index, by its name. */
    public static TensorStore openFile(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(".safetensors.index.json")) return ShardedStore.open(file, SafetensorsStore::open);
        if (name.endsWith(".bin.index.json")) return ShardedStore.open(file, TorchBinStore::open);
        if (name.endsWith(".safetensors")) return SafetensorsStore.open(file);
        if (name.endsWith(".bin") || name.endsWith(".pt") || name.endsWith(".pth")) return TorchBinStore.open(file);
        throw new WeightsException(file + ": not a weight file this harness reads (.safetensors, .bin, or an "
                + "*.index.json shard index)");
    }

    private static String listing(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            String files = s.map(p -> p.getFileName().toString()).sorted().limit(20).collect(Collectors.joining(", "));
            return files.isEmpty() ? "nothing" : files;
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }
}
