package org.w2sg.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

// PLACEHOLDER: replaced by the issue that owns this command.
@Command(name = "export", mixinStandardHelpOptions = true, description = "Merges shard results into the run's CSVs.")
public final class ExportCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("'export' is not built yet");
        return 3;
    }
}
