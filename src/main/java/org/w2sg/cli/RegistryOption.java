package org.w2sg.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.w2sg.registry.Registry;
import picocli.CommandLine.Option;

/** {@code --registry PATH}: which checkpoints.yaml to use (default ./checkpoints.yaml, else the bundled one). */
public final class RegistryOption {
    @Option(names = "--registry", paramLabel = "PATH",
            description = "checkpoints.yaml to use (default: ./checkpoints.yaml if present, else the one bundled in the jar).")
    public Path path;

    public Registry load() throws IOException {
        return Registry.load(path);
    }
}
