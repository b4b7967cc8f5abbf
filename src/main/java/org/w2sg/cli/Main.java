package org.w2sg.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine;

/**
 * {@code harness}: with {@code --model} it runs the whole weak-to-strong checkpoint sweep; the subcommands expose each
 * stage of the data flow on its own.
 */
@Command(name = "harness", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Measures when weak-to-strong generalization emerges during pre-training.%n"
                + "With --model it sweeps the checkpoints (same as 'harness sweep').",
        subcommands = {
                CheckpointsCommand.class,
                DownloadCommand.class,
                AuditCommand.class,
                ForwardCommand.class,
                RandomCheckpointCommand.class,
                PretrainCommand.class,
                ExtractCommand.class,
                ProbeCommand.class,
                GeometryCommand.class,
                CompareCommand.class,
                SweepCommand.class,
                ExportCommand.class,
                SyntheticCommand.class,
                ReportCommand.class,
                CalibrateCommand.class,
                BenchCommand.class,
                EnvCommand.class,
        })
public final class Main implements Callable<Integer> {
    @Mixin
    SweepOptions sweep;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (sweep.model == null) {
            spec.commandLine().usage(System.out);
            return 0;
        }
        return sweep.run(spec.commandLine().getParseResult());
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Entry point for tests: same parsing and error handling as the CLI, without exiting the JVM. */
    public static int run(String... args) {
        org.w2sg.machine.NativeThreads.configure(); // before libtorch loads
        if (System.getProperty("ai.djl.offline") == null) System.setProperty("ai.djl.offline", "true");
        return commandLine().execute(args);
    }

    /** The command line with the CLI's error handling: bad input is one "error: ..." line and exit code 2. */
    static CommandLine commandLine() {
        UserErrors errors = new UserErrors();
        return new CommandLine(new Main()).setExecutionExceptionHandler(errors).setParameterExceptionHandler(errors);
    }
}
