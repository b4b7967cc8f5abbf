package org.w2sg.bench;

import java.lang.management.ManagementFactory;
import org.w2sg.machine.NativeHeap;
import org.w2sg.machine.ResidentSet;

/**
 * The process's memory after one step, split so a growing resident set can be traced to its owner: the Java heap the
 * JVM has committed, and the C heap (libtorch's CPU tensors) in use versus freed but still held by glibc. The C-heap
 * figures are -1 off glibc.
 */
public record MemorySample(long step, long rssMiB, long javaHeapCommittedMiB, long cHeapInUseMiB, long cHeapFreeHeldMiB) {
    public static MemorySample now(long step) {
        NativeHeap.Usage c = NativeHeap.usage();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
        return new MemorySample(step, ResidentSet.currentMiB(), heap >> 20, c == null ? -1 : c.inUse() >> 20,
                c == null ? -1 : c.freeHeld() >> 20);
    }
}
