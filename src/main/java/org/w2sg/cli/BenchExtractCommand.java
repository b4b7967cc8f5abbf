package org.w2sg.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

// PLACEHOLDER: replaced by the issue that owns this command.
@Command(name = "extract", mixinStandardHelpOptions = true, description = "Measures extraction throughput against the machine's matmul rate.")
public final class BenchExtractCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("'extract' is not built yet");
        return 3;
    }
}
