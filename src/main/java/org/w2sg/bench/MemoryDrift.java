package org.w2sg.bench;

import java.util.List;

/**
 * Change in memory from the second sample (after the first tenth of the steps, when the allocator's pools are filled)
 * to the last. A per-step leak shows as the C heap in use growing with the steps; the JVM touching more of its heap, or
 * glibc keeping freed blocks, as the resident set growing while it stays level.
 */
public record MemoryDrift(long fromStep, long toStep, long rssMiB, long javaHeapCommittedMiB, long cHeapInUseMiB,
                          long cHeapInUseRangeMiB, long cHeapFreeHeldMiB) {
    /** The drift over {@code samples}, or null with fewer than three. */
    public static MemoryDrift of(List<MemorySample> samples) {
        if (samples.size() < 3) return null;
        MemorySample from = samples.get(1);
        MemorySample to = samples.get(samples.size() - 1);
        List<MemorySample> after = samples.subList(1, samples.size());
        long lo = after.stream().mapToLong(MemorySample::cHeapInUseMiB).min().orElseThrow();
        long hi = after.stream().mapToLong(MemorySample::cHeapInUseMiB).max().orElseThrow();
        return new MemoryDrift(from.step(), to.step(), to.rssMiB() - from.rssMiB(),
                to.javaHeapCommittedMiB() - from.javaHeapCommittedMiB(), to.cHeapInUseMiB() - from.cHeapInUseMiB(),
                hi - lo, to.cHeapFreeHeldMiB() - from.cHeapFreeHeldMiB());
    }
}
