package org.w2sg.cli;

import picocli.CommandLine.Command;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measures speed and memory on this machine; exits non-zero when a target is missed.",
        subcommands = {BenchForwardCommand.class, BenchExtractCommand.class, BenchLoadCommand.class,
                BenchProbeCommand.class, BenchPretrainCommand.class})
public final class BenchCommand {}
