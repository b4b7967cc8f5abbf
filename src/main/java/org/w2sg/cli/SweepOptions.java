package org.w2sg.cli;

import picocli.CommandLine.Option;

// PLACEHOLDER: the sweep issue replaces this with the real options and runner.
public class SweepOptions {
    @Option(names = "--model", description = "Alias from checkpoints.yaml, ORG/NAME, or a local folder.")
    public String model;

    public int run() {
        System.err.println("the sweep is not built yet");
        return 3;
    }
}
