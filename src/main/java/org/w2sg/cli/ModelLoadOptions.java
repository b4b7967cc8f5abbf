package org.w2sg.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.w2sg.errors.UserException;
import org.w2sg.hub.CheckpointResolver;
import org.w2sg.hub.WeightFormat;
import org.w2sg.model.ModelOptions;
import org.w2sg.registry.Registry;
import picocli.CommandLine.Option;

/** --device, --dtype, --weights and --max-memory, shared by every command that runs a model. */
public final class ModelLoadOptions {
    @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|cuda",
            description = "Where to compute (default: ${DEFAULT-VALUE}; auto = a CUDA GPU if libtorch sees one, else CPU).")
    String device;

    @Option(names = "--dtype", defaultValue = "float32", paramLabel = "float32|float16",
            description = "Compute type (default: ${DEFAULT-VALUE}); float16 only on CUDA.")
    String dtype;

    @Option(names = "--weights", defaultValue = "auto", paramLabel = "auto|safetensors|bin",
            description = "Which weight files to read (default: ${DEFAULT-VALUE}: safetensors when present, else .bin).")
    String weights;

    @Option(names = "--max-memory", paramLabel = "SIZE",
            description = "Memory budget for weights and activations, e.g. 2g or 512m. A checkpoint whose weights (in the "
                    + "compute type) exceed it runs one layer at a time: each layer's weights are read from the "
                    + "memory-mapped files, used for as many examples as the budget holds, and released (default: no limit).")
    String maxMemory;

    /**
     * The folder of a checkpoint named as a local folder, a registry alias with revision ({@code pythia-70m@step1000})
     * or {@code ORG/NAME@REVISION}; the latter two are fetched into the Hugging Face cache when not there yet.
     */
    public Path resolveCheckpoint(String spec) throws IOException {
        Path local = Path.of(spec);
        if (Files.isDirectory(local)) return local;
        return CheckpointResolver.fromEnvironment(Registry.load(null))
                .resolve(spec, null, weightFormat(weights)).dir();
    }

    public ModelOptions toModelOptions() {
        checkDevice(device, dtype);
        ModelOptions options = new ModelOptions(device, dtype, weightFormat(weights));
        return maxMemory == null ? options : options.withMaxMemory(ModelOptions.parseSize(maxMemory));
    }

    /**
     * An impossible --device/--dtype (cuda where libtorch sees no GPU, float16 on the CPU) is refused here, before
     * anything is written, rather than when the first model loads. The default (auto, float32) always works and
     * is left to the model loader, which says once where it runs.
     */
    public static void checkDevice(String device, String dtype) {
        boolean auto = device == null || device.trim().equalsIgnoreCase("auto");
        boolean float32 = dtype == null || dtype.trim().equalsIgnoreCase("float32");
        if (!(auto && float32)) org.w2sg.model.ComputeTarget.resolve(device, dtype);
    }

    public static WeightFormat weightFormat(String text) {
        try {
            return WeightFormat.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserException("--weights '" + text + "' is not one of auto, safetensors, bin");
        }
    }
}
