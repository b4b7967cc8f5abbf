package org.w2sg.cli;

import org.w2sg.machine.BuildInfo;
import picocli.CommandLine;

final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"w2sg-harness " + BuildInfo.current().describe() + " (Java " + Runtime.version() + ")"};
    }
}
