package org.w2sg.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

// PLACEHOLDER: replaced by the issue that owns this command.
@Command(name = "random-checkpoint", mixinStandardHelpOptions = true, description = "Writes a randomly initialised HF-format checkpoint of a registry shape.")
public final class RandomCheckpointCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("'random-checkpoint' is not built yet");
        return 3;
    }
}
