package org.w2sg.machine;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * libtorch's CPU threads (GNU OpenMP) by default spin for a while at the end of every parallel operation. On a machine
 * whose cores are shared with other processes, a spinning thread takes the core its partner needs and a forward pass
 * of many small operations slows down 2-4x (measured here: pythia-70m, 8 x 128 tokens, 1.9-4.1 s per batch spinning
 * vs 0.7-1.1 s passive, load average 8 on 2 cores). So unless the user chose a policy (OMP_WAIT_POLICY or
 * GOMP_SPINCOUNT), threads wait passively. OpenMP reads the setting once, when libtorch is loaded: call
 * {@link #configure()} before the first DJL array exists (the CLI does so first thing; {@link Libtorch#engine} too).
 */
public final class NativeThreads {
    private NativeThreads() {}

    private static boolean done;

    public static synchronized void configure() {
        if (done) return;
        done = true;
        if (System.getenv("OMP_WAIT_POLICY") != null || System.getenv("GOMP_SPINCOUNT") != null) return;
        setenv("OMP_WAIT_POLICY", "PASSIVE");
    }

    /** The C library's setenv (Java cannot change its own environment); a no-op where there is none. */
    private static void setenv(String name, String value) {
        try {
            Linker linker = Linker.nativeLinker();
            Optional<java.lang.foreign.MemorySegment> symbol = linker.defaultLookup().find("setenv");
            if (symbol.isEmpty()) return;
            MethodHandle setenv = linker.downcallHandle(symbol.get(), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
            try (Arena arena = Arena.ofConfined()) {
                int ignored = (int) setenv.invokeExact(arena.allocateFrom(name), arena.allocateFrom(value), 0);
            }
        } catch (Throwable e) {
            // Only a speed setting: without native access the default spinning policy stays.
        }
    }
}
