package org.w2sg.machine;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * glibc's own account of the C heap (mallinfo2), where libtorch's CPU tensors live: bytes handed out and not yet
 * freed, bytes freed but still held by the allocator, and bytes in separately mapped large blocks. A resident set
 * that grows while the bytes in use stay level is the allocator keeping freed memory (fragmentation, per-thread
 * arenas), not a leak. Unavailable (null) off glibc.
 */
public final class NativeHeap {
    private NativeHeap() {}

    /** mallinfo2 in bytes: in use (uordblks + hblkhd), free but held (fordblks), of which mmapped (hblkhd). */
    public record Usage(long inUse, long freeHeld, long mmapped) {}

    private static final StructLayout MALLINFO2 = MemoryLayout.structLayout(
            ValueLayout.JAVA_LONG.withName("arena"), ValueLayout.JAVA_LONG.withName("ordblks"),
            ValueLayout.JAVA_LONG.withName("smblks"), ValueLayout.JAVA_LONG.withName("hblks"),
            ValueLayout.JAVA_LONG.withName("hblkhd"), ValueLayout.JAVA_LONG.withName("usmblks"),
            ValueLayout.JAVA_LONG.withName("fsmblks"), ValueLayout.JAVA_LONG.withName("uordblks"),
            ValueLayout.JAVA_LONG.withName("fordblks"), ValueLayout.JAVA_LONG.withName("keepcost"));
    private static final MethodHandle MALLINFO2_CALL = find("mallinfo2", FunctionDescriptor.of(MALLINFO2));

    private static MethodHandle find(String name, FunctionDescriptor descriptor) {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) return null;
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find(name).map(f -> linker.downcallHandle(f, descriptor)).orElse(null);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** The C heap now, or null where glibc's mallinfo2 is not available. */
    public static Usage usage() {
        if (MALLINFO2_CALL == null) return null;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = (MemorySegment) MALLINFO2_CALL.invokeExact((java.lang.foreign.SegmentAllocator) arena);
            long hblkhd = s.get(ValueLayout.JAVA_LONG, 4 * 8);
            long uordblks = s.get(ValueLayout.JAVA_LONG, 7 * 8);
            long fordblks = s.get(ValueLayout.JAVA_LONG, 8 * 8);
            return new Usage(uordblks + hblkhd, fordblks, hblkhd);
        } catch (Throwable e) {
            return null;
        }
    }
}
