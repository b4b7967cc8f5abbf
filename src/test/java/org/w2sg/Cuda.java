package org.w2sg;

import org.junit.jupiter.api.Assumptions;
import org.w2sg.errors.UserException;
import org.w2sg.machine.Libtorch;

/**
 * The GPU tests' gate: they run where libtorch counts a CUDA device and are skipped (never failed) elsewhere, e.g. on
 * every machine with the bundled CPU libtorch. Tag them "gpu" so scripts/gpu-check.sh can run just them.
 */
public final class Cuda {
    private Cuda() {}

    public static boolean visible() {
        try {
            return Libtorch.engine().getGpuCount() > 0;
        } catch (UserException e) {
            return false;
        }
    }

    public static void assumeVisible() {
        Assumptions.assumeTrue(visible(), () -> "no CUDA device visible to libtorch ("
                + (Libtorch.loaded() == null ? "libtorch not loaded" : Libtorch.loaded().describe()) + "): GPU test skipped");
    }
}
