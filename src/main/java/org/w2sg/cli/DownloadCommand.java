package org.w2sg.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

// PLACEHOLDER: replaced by the issue that owns this command.
@Command(name = "download", mixinStandardHelpOptions = true, description = "Prefetches revisions into the Hugging Face cache.")
public final class DownloadCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("'download' is not built yet");
        return 3;
    }
}
