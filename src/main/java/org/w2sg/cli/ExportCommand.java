package org.w2sg.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.w2sg.errors.UserException;
import org.w2sg.report.Exporter;
import org.w2sg.run.RunFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code harness export --out DIR}: rebuilds a run's tables, transition fit and plots from its ledger. */
@Command(name = "export", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Merges the shards' results of a sweep folder into emergence.csv, summary.csv, run.json and "
                + "transition.json, and draws the plots.",
                "Run it after all 'harness --model ... --shard I/N' processes have finished (a sweep that completes "
                        + "the plan exports by itself)."})
public final class ExportCommand implements Callable<Integer> {
    @Option(names = "--out", paramLabel = "DIR", description = "The sweep's output folder.")
    Path out;

    @Parameters(arity = "0..1", paramLabel = "DIR", description = "The sweep's output folder (same as --out).")
    Path positional;

    @Override
    public Integer call() throws Exception {
        Path dir = out != null ? out : positional;
        if (dir == null) throw new UserException("export needs the sweep's folder: harness export --out results/MODEL");
        Exporter.export(new RunFolder(dir), System.out);
        return 0;
    }
}
