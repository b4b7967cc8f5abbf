package org.w2sg.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

// PLACEHOLDER: replaced by the issue that owns this command.
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Finds revisions whose weights are byte-identical.")
public final class AuditCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("'audit' is not built yet");
        return 3;
    }
}
