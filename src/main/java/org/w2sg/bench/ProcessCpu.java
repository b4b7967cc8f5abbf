package org.w2sg.bench;

import java.lang.management.ManagementFactory;

/**
 * CPU time of the whole process (all threads, native ones included), so benchmarks can report the work done beside
 * the wall time: on a shared machine wall time also counts the waits for a core.
 */
public final class ProcessCpu {
    private ProcessCpu() {}

    /** Process CPU time in nanoseconds, or -1 where the platform does not report it. */
    public static long nanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** The machine's load average over the last minute: how busy the cores were that the figures shared. */
    public static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
