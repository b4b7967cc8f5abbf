package org.w2sg.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

// PLACEHOLDER: replaced by the issue that owns this command.
@Command(name = "probe", mixinStandardHelpOptions = true, description = "Fits a linear probe on .npy features and prints accuracy, AUC and lambda as JSON.")
public final class ProbeCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("'probe' is not built yet");
        return 3;
    }
}
