package org.w2sg.machine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's resident set (Linux /proc/self/status): the Java heap touched so far, native tensors and the code. */
public final class ResidentSet {
    private ResidentSet() {}

    /** VmRSS now, in MiB, or -1 where /proc/self/status is not available. */
    public static long currentMiB() {
        long kib = statusKiB("VmRSS:");
        return kib < 0 ? -1 : kib / 1024;
    }

    /** VmHWM, the peak resident set so far, in bytes, or -1 where /proc/self/status is not available. */
    public static long peakBytes() {
        long kib = statusKiB("VmHWM:");
        return kib < 0 ? -1 : kib * 1024;
    }

    private static long statusKiB(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
