package org.w2sg.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

// PLACEHOLDER: replaced by the issue that owns this command.
@Command(name = "extract", mixinStandardHelpOptions = true, description = "Extracts pooled activations for a dataset into the activation store.")
public final class ExtractCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("'extract' is not built yet");
        return 3;
    }
}
