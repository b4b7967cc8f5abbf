package org.w2sg.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

// PLACEHOLDER: replaced by the issue that owns this command.
@Command(name = "checkpoints", mixinStandardHelpOptions = true, description = "Lists a model's revisions with step and tokens.")
public final class CheckpointsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("'checkpoints' is not built yet");
        return 3;
    }
}
