package org.w2sg.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

// PLACEHOLDER: replaced by the issue that owns this command.
@Command(name = "sweep", mixinStandardHelpOptions = true, description = "Runs the weak-to-strong checkpoint sweep (same as harness --model ...).")
public final class SweepCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("'sweep' is not built yet");
        return 3;
    }
}
