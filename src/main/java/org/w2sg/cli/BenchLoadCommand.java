package org.w2sg.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

// PLACEHOLDER: replaced by the issue that owns this command.
@Command(name = "load", mixinStandardHelpOptions = true, description = "Measures weight loading speed.")
public final class BenchLoadCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("'load' is not built yet");
        return 3;
    }
}
