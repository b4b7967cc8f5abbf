package org.w2sg.machine;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;

/**
 * Asks Linux to back a large, not yet touched host buffer with transparent huge pages (madvise MADV_HUGEPAGE), so
 * filling it costs one page fault per 2 MiB instead of one per 4 KiB. Where THP is set to "madvise" (a common
 * default) libtorch's CPU allocator does not ask for them itself. A no-op where madvise is unavailable.
 */
public final class HugePages {
    private HugePages() {}

    private static final int MADV_HUGEPAGE = 14;
    private static final long PAGE = 4096;
    private static final long MIN_BYTES = 4L << 20;
    private static final MethodHandle MADVISE = lookup();

    private static MethodHandle lookup() {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) return null;
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("madvise").map(f -> linker.downcallHandle(f,
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                            ValueLayout.JAVA_INT))).orElse(null);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    public static void advise(ByteBuffer direct) {
        if (MADVISE == null || !direct.isDirect() || direct.capacity() < MIN_BYTES) return;
        long address = MemorySegment.ofBuffer(direct).address();
        long start = (address + PAGE - 1) & -PAGE;
        long end = (address + direct.capacity()) & -PAGE;
        if (end <= start) return;
        try {
            int ignored = (int) MADVISE.invokeExact(MemorySegment.ofAddress(start), end - start, MADV_HUGEPAGE);
        } catch (Throwable e) {
            // advice only: the buffer works the same without it
        }
    }
}
