package org.w2sg.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

// PLACEHOLDER: replaced by the issue that owns this command.
@Command(name = "synthetic", mixinStandardHelpOptions = true, description = "Runs the spiked-Gaussian single-index theory experiments.")
public final class SyntheticCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("'synthetic' is not built yet");
        return 3;
    }
}
