package org.w2sg.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

// PLACEHOLDER: replaced by the issue that owns this command.
@Command(name = "probe", mixinStandardHelpOptions = true, description = "Measures probe fitting time.")
public final class BenchProbeCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("'probe' is not built yet");
        return 3;
    }
}
