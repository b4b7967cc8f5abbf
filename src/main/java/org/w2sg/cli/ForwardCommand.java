package org.w2sg.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

// PLACEHOLDER: replaced by the issue that owns this command.
@Command(name = "forward", mixinStandardHelpOptions = true, description = "Runs a checkpoint on the fixtures' inputs.json and writes hidden states as .npy.")
public final class ForwardCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("'forward' is not built yet");
        return 3;
    }
}
