package org.w2sg.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.w2sg.registry.ModelAlias;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * --like, --seed, --cache and --registry, shared by the bench commands that run a random checkpoint of a registry
 * model's shape: which shape, which random weights, and where the written checkpoint is kept between runs.
 */
public final class RandomModelOptions {
    @Option(names = "--like", paramLabel = "ALIAS",
            description = "Registry model whose shape to use (default: ${DEFAULT-VALUE}).")
    String like;

    @Option(names = "--seed", description = "Seed of the random weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--cache", paramLabel = "DIR",
            description = "Where random checkpoints are kept between runs (default: <java.io.tmpdir>/w2sg-random-checkpoints).")
    Path cache;

    @Mixin
    RegistryOption registry = new RegistryOption();

    /** @param like the command's default shape */
    RandomModelOptions(String like) {
        this.like = like;
    }

    ModelAlias alias() throws IOException {
        return registry.load().alias(like);
    }
}
