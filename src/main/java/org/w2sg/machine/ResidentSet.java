package org.w2sg.machine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's resident set now (Linux VmRSS), in MiB: the Java heap touched so far, native tensors and the code. */
public final class ResidentSet {
    private ResidentSet() {}

    /** VmRSS in MiB, or -1 where /proc/self/status is not available. */
    public static long currentMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
