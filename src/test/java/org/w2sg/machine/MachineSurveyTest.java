package org.w2sg.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The verdict lines for machines this one is not: a GPU the driver lists beside a CPU-only libtorch, and libtorch that
 * did not load. (A GPU libtorch counts is checked by running on it: harness env on a GPU machine, gpu-check.sh.)
 */
class MachineSurveyTest {
    static final CudaDevices ONE_H100 = new CudaDevices("570.86.15", "12.8", null,
            List.of(new CudaDevices.Gpu(0, "NVIDIA H100 80GB HBM3", "9.0", 85_520_809_984L, 1L << 30)),
            List.of("NVIDIA H100 80GB HBM3, 81559 MiB, 9.0, 570.86.15"));

    @Test
    void aGpuBesideACpuOnlyLibtorchIsListedAsNotUsableSayingWhy() {
        Engine engine = Libtorch.engine();
        LibtorchLocation cpu = new LibtorchLocation(LibtorchLocation.Source.BUNDLED, Path.of("/c/2.7.1-20250812-cpu-linux-x86_64"),
                "2.7.1", "the native jar's pytorch.properties", "cpu");
        List<MachineReport.Verdict> v = MachineSurvey.verdicts(engine, cpu, 0, ONE_H100);
        assertEquals(2, v.size(), v.toString());
        assertEquals("cpu", v.get(0).device());
        assertTrue(v.get(0).usable(), v.get(0).line());
        assertEquals(new MachineReport.Verdict("cuda:0", false, "cuda:0 (NVIDIA H100 80GB HBM3, compute capability 9.0, "
                + "79.6 GiB): not usable: the loaded libtorch is a CPU build (libtorch 2.7.1 (cpu) from bundled in harness.jar "
                + "/c/2.7.1-20250812-cpu-linux-x86_64); see README 'CUDA' for PYTORCH_LIBRARY_PATH"), v.get(1));
    }

    @Test
    void libtorchThatDidNotLoadLeavesNoDeviceUsable() {
        List<MachineReport.Verdict> v = MachineSurvey.verdicts(null, null, 0, ONE_H100);
        assertEquals(List.of(new MachineReport.Verdict("cpu", false, "cpu: not usable: libtorch did not load (see libtorch above)"),
                new MachineReport.Verdict("cuda:0", false, "cuda:0 (NVIDIA H100 80GB HBM3, compute capability 9.0, 79.6 GiB): "
                        + "not usable: libtorch did not load")), v);
        assertFalse(v.stream().anyMatch(MachineReport.Verdict::usable));
    }

    @Test
    void freeBytesOfAFolderNotYetCreatedAreThoseOfItsNearestExistingParent(@org.junit.jupiter.api.io.TempDir Path tmp) {
        long free = MachineSurvey.freeBytes(tmp.resolve("not/yet/there"));
        assertTrue(free > 0, "free bytes " + free);
        assertEquals(tmp.toFile().getUsableSpace(), free, (double) (64L << 20), "within 64 MiB of the folder's own figure");
    }
}
