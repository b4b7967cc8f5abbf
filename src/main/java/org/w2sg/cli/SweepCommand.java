package org.w2sg.cli;

import java.util.concurrent.Callable;
import org.w2sg.errors.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code harness sweep --model M ...}: the same job and options as {@code harness --model M ...}. */
@Command(name = "sweep", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Runs the weak-to-strong checkpoint sweep (same as harness --model ...).")
public final class SweepCommand implements Callable<Integer> {
    @Mixin
    SweepOptions sweep;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (sweep.model == null) throw new UserException("sweep needs --model: an alias (e.g. pythia-410m, see "
                + "'harness checkpoints'), ORG/NAME, or a local folder of checkpoints");
        return sweep.run(spec.commandLine().getParseResult());
    }
}
