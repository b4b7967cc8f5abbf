package org.w2sg.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

// PLACEHOLDER: replaced by the issue that owns this command.
@Command(name = "report", mixinStandardHelpOptions = true, description = "Plots a run's emergence curve beside the synthetic theory.")
public final class ReportCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("'report' is not built yet");
        return 3;
    }
}
