package org.w2sg.cli;

import picocli.CommandLine;

final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"w2sg-harness " + (v == null ? "dev" : v) + " (Java " + Runtime.version() + ")"};
    }
}
