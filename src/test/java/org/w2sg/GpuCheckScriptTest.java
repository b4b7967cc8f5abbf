package org.w2sg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/gpu-check.sh's libtorch search (--find-libtorch), against stand-ins: a Python whose torch is another
 * version, a CPU build, the right CUDA build; and folders named by W2SG_LIBTORCH. Nothing here needs a GPU.
 */
class GpuCheckScriptTest {
    record Run(int code, String out) {}

    static Run script(Path tmp, Map<String, String> env, String... args) throws IOException, InterruptedException {
        var cmd = new java.util.ArrayList<>(java.util.List.of("bash", "scripts/gpu-check.sh"));
        cmd.addAll(java.util.List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        for (String v : java.util.List.of("W2SG_LIBTORCH", "PYTORCH_LIBRARY_PATH", "W2SG_PYTHON", "PYTHONPATH")) {
            pb.environment().remove(v);
        }
        pb.environment().put("DJL_CACHE_DIR", tmp.resolve("djl").toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "script finished");
        return new Run(p.exitValue(), out);
    }

    /** A package named torch on PYTHONPATH that says version and CUDA as pip's torch does, with a lib folder. */
    static Path fakeTorch(Path root, String version, String cuda) throws IOException {
        Path torch = Files.createDirectories(root.resolve("torch"));
        Files.writeString(torch.resolve("__init__.py"), "from . import version\n__version__ = version.__version__\n");
        Files.writeString(torch.resolve("version.py"), "__version__ = '" + version + "'\ncuda = "
                + (cuda == null ? "None" : "'" + cuda + "'") + "\n");
        Path lib = Files.createDirectories(torch.resolve("lib"));
        Files.writeString(lib.resolve("libtorch.so"), "");
        if (cuda != null) Files.writeString(lib.resolve("libtorch_cuda.so"), "");
        return lib;
    }

    /** The real interpreter behind python3 (asked once: version-manager shims take seconds per call). */
    static String python() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("python3", "-c", "import os, sys; print(os.path.realpath(sys.executable))")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        Assumptions.assumeTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "python3 is needed for these cases");
        return out;
    }

    @Test
    void aPythonTorchOfAnotherVersionOrACpuBuildIsNamedAndTheScriptStops(@TempDir Path tmp) throws Exception {
        String python = python();
        Path newer = fakeTorch(tmp.resolve("newer"), "2.11.0+cu130", "13.0");
        Run r = script(tmp, Map.of("PYTHONPATH", tmp.resolve("newer").toString(), "W2SG_PYTHON", python), "--find-libtorch");
        assertEquals(3, r.code(), r.out());
        assertTrue(r.out().startsWith("gpu-check: no CUDA build of libtorch 2.7.1 found, so nothing was run."), r.out());
        assertTrue(r.out().contains(": torch 2.11.0+cu130 at " + newer + " (CUDA 13.0): not 2.7.1"), r.out());
        assertTrue(r.out().contains("W2SG_LIBTORCH: not set"), r.out());
        assertTrue(r.out().contains("DJL's cache: no " + tmp.resolve("djl/pytorch") + "/2.7.1-cu* folder"), r.out());

        Path cpu = fakeTorch(tmp.resolve("cpu"), "2.7.1+cpu", null);
        r = script(tmp, Map.of("PYTHONPATH", tmp.resolve("cpu").toString(), "W2SG_PYTHON", python), "--find-libtorch");
        assertEquals(3, r.code(), r.out());
        assertTrue(r.out().contains(": torch 2.7.1+cpu at " + cpu + " is a CPU build"), r.out());

        // the full check stops at the same point, before building or running anything
        r = script(tmp, Map.of("PYTHONPATH", tmp.resolve("cpu").toString(), "W2SG_PYTHON", python, "OUT",
                tmp.resolve("out").toString()));
        assertEquals(3, r.code(), r.out());
        assertTrue(Files.notExists(tmp.resolve("out")), "nothing run, nothing written");
    }

    @Test
    void aMatchingCudaTorchIsChosen(@TempDir Path tmp) throws Exception {
        String python = python();
        Path lib = fakeTorch(tmp.resolve("ok"), "2.7.1+cu128", "12.8");
        Run r = script(tmp, Map.of("PYTHONPATH", tmp.resolve("ok").toString(), "W2SG_PYTHON", python), "--find-libtorch");
        assertEquals(0, r.code(), r.out());
        assertEquals(lib + "\n", r.out());
    }

    @Test
    void aFolderNamedByW2sgLibtorchIsCheckedForCudaAndVersion(@TempDir Path tmp) throws Exception {
        Path cpuLib = Files.createDirectories(tmp.resolve("libtorch-cpu/lib"));
        Files.writeString(cpuLib.resolve("libtorch.so"), "");
        Run r = script(tmp, Map.of("W2SG_LIBTORCH", cpuLib.toString(), "W2SG_PYTHON", "no-such-python"), "--find-libtorch");
        assertEquals(3, r.code(), r.out());
        assertTrue(r.out().contains("W2SG_LIBTORCH: " + cpuLib + " is libtorch of unstated version without CUDA "
                + "(no libtorch_cuda.so)"), r.out());
        assertTrue(r.out().contains("no-such-python: not on PATH"), r.out());

        Path zip = Files.createDirectories(tmp.resolve("libtorch/lib"));
        Files.writeString(zip.resolve("libtorch.so"), "");
        Files.writeString(zip.resolve("libtorch_cuda.so"), "");
        Files.writeString(zip.getParent().resolve("build-version"), "2.6.0+cu126\n");
        r = script(tmp, Map.of("W2SG_LIBTORCH", zip.toString(), "W2SG_PYTHON", "no-such-python"), "--find-libtorch");
        assertEquals(3, r.code(), r.out());
        assertTrue(r.out().contains("W2SG_LIBTORCH: " + zip + " is libtorch 2.6.0+cu126, not 2.7.1"), r.out());

        Files.writeString(zip.getParent().resolve("build-version"), "2.7.1+cu128\n");
        r = script(tmp, Map.of("W2SG_LIBTORCH", zip.toString()), "--find-libtorch");
        assertEquals(0, r.code(), r.out());
        assertEquals(zip + "\n", r.out());
    }
}
