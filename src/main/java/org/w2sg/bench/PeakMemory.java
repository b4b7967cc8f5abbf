package org.w2sg.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/** Peak memory of this process: resident set (Linux VmHWM, includes native tensors) and the Java heap's peak use. */
public final class PeakMemory {
    private PeakMemory() {}

    /** Peak resident set size in bytes, or -1 where /proc/self/status is not available. */
    public static long residentBytes() {
        return org.w2sg.machine.ResidentSet.peakBytes();
    }

    /** Sum over heap pools of each pool's peak usage (an upper bound of the heap's peak). */
    public static long heapBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) sum += pool.getPeakUsage().getUsed();
        }
        return sum;
    }

    public static String describe() {
        long rss = residentBytes();
        return String.format("peak RSS %s, peak Java heap %s", rss < 0 ? "n/a" : gib(rss), gib(heapBytes()));
    }

    public static String gib(long bytes) {
        return String.format("%.2f GiB", bytes / (double) (1L << 30));
    }
}
