package org.w2sg.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.w2sg.errors.UserException;
import org.w2sg.registry.ModelAlias;
import org.w2sg.registry.Registry;
import org.w2sg.tools.RandomCheckpoint;
import org.w2sg.weights.DType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "random-checkpoint", mixinStandardHelpOptions = true,
        description = {"Writes a randomly initialised checkpoint with the architecture of a registry model as a Hugging "
                + "Face folder (config.json + model.safetensors): weights N(0, 0.02), norm weights 1, biases 0.",
                "The same --seed always gives the same bytes. For tests, benchmarks and comparisons with other tools."})
public final class RandomCheckpointCommand implements Callable<Integer> {
    @Option(names = "--like", required = true, paramLabel = "ALIAS",
            description = "Registry model whose architecture to copy, e.g. pythia-160m, OLMo-1B-hf, OLMo-2-1B.")
    String like;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write.")
    Path out;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--dtype", defaultValue = "float32", paramLabel = "float32|float16|bfloat16",
            description = "Storage type of the weights (default: ${DEFAULT-VALUE}).")
    String dtype;

    @Option(names = "--registry", paramLabel = "FILE", description = "checkpoints.yaml to use (default: ./checkpoints.yaml, else the bundled one).")
    Path registry;

    @Override
    public Integer call() throws Exception {
        ModelAlias alias = Registry.load(registry).alias(like);
        DType storage = storageType(dtype);
        write(alias.config(), out, seed, storage);
        System.out.printf("wrote a random %s-shaped checkpoint (%,d parameters, %s, seed %d) to %s%n", alias.name(),
                RandomCheckpoint.parameterCount(alias.config()), dtype, seed, out);
        return 0;
    }

    /** Writes with a progress bar over parameters (to stderr). */
    static void write(Map<String, Object> config, Path dir, long seed, DType storage) throws java.io.IOException {
        long total = RandomCheckpoint.parameterCount(config);
        try (ProgressBar bar = org.w2sg.io.ProgressBars.builder("random weights").setInitialMax(total)
                .setUnit("M", 1_000_000).showSpeed().build()) {
            RandomCheckpoint.write(config, dir, seed, storage, bar::stepBy);
        }
    }

    static DType storageType(String dtype) {
        return switch (dtype.trim().toLowerCase(Locale.ROOT)) {
            case "float32", "f32", "fp32" -> DType.F32;
            case "float16", "f16", "fp16", "half" -> DType.F16;
            case "bfloat16", "bf16" -> DType.BF16;
            default -> throw new UserException("--dtype '" + dtype + "' is not one of float32, float16, bfloat16");
        };
    }
}
