package org.w2sg.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w2sg.errors.UserException;

/**
 * Where libtorch comes from and every way that fails, on folders laid out like pip's torch, the libtorch zip, DJL's
 * cache and nothing at all. (Loading real libraries from PYTORCH_LIBRARY_PATH is checked by hand, see README 'CUDA':
 * a test JVM cannot change its own environment.)
 */
class LibtorchSearchTest {
    static final List<String> GLUE = List.of("cpu", "cu128");

    static LibtorchSearch search(String libraryPath, String version, String flavour, boolean offline, String bundled,
                                 Path cache, String machineFlavour) {
        return new LibtorchSearch(libraryPath, version, flavour, offline, bundled, "2.7.1", GLUE, cache, machineFlavour,
                "linux-x86_64");
    }

    /** site-packages/torch/lib with libtorch.so (and libtorch_cuda.so when cuda) and ../version.py saying version. */
    static Path pipTorch(Path root, String version, boolean cuda) throws IOException {
        Path lib = Files.createDirectories(root.resolve("site-packages/torch/lib"));
        Files.writeString(lib.resolve("libtorch.so"), "");
        if (cuda) Files.writeString(lib.resolve("libtorch_cuda.so"), "");
        Files.writeString(lib.getParent().resolve("version.py"), "__version__ = '" + version + "'\ndebug = False\n");
        return lib;
    }

    @Test
    void pipCudaTorchOfTheRightVersionGetsTheCudaGlueAndTheSettingsDjlNeeds(@TempDir Path tmp) throws IOException {
        Path lib = pipTorch(tmp, "2.7.1+cu128", true);
        LibtorchSearch s = search(lib.toString(), null, null, true, "2.7.1-20250812", tmp.resolve("cache"), "cpu");
        LibtorchLocation where = s.locate();
        assertEquals(LibtorchLocation.Source.LIBRARY_PATH, where.source());
        assertEquals(lib, where.dir());
        assertEquals("2.7.1+cu128", where.version());
        assertEquals("cu128", where.flavour());
        assertTrue(where.cuda());
        assertEquals(Map.of("PYTORCH_VERSION", "2.7.1", "PYTORCH_FLAVOR", "cu128"), s.systemProperties(where));
    }

    @Test
    void aCpuLibraryWithoutAVersionMarkerGetsTheCpuGlue(@TempDir Path tmp) throws IOException {
        Path lib = Files.createDirectories(tmp.resolve("libtorch-cpu/lib"));
        Files.writeString(lib.resolve("libtorch.so"), "");
        // a path list: the first entry without libtorch.so is skipped, as DJL does
        LibtorchSearch s = search(tmp + "/nothing:" + lib, null, null, true, null, tmp.resolve("cache"), "cpu");
        LibtorchLocation where = s.locate();
        assertEquals("cpu", where.flavour());
        assertNull(where.version());
        assertEquals(Map.of("PYTORCH_VERSION", "2.7.1", "PYTORCH_FLAVOR", "cpu"), s.systemProperties(where));
        assertTrue(s.loadFailure(where, new UnsatisfiedLinkError("undefined symbol: _ZN3c10"))
                .contains("does not say its version"), "unknown version named as the likely cause");
        LibtorchSearch online = search(null, null, null, false, null, tmp.resolve("cache"), "cu128");
        assertEquals("could not load libtorch 2.7.1 (cu128) from DJL download on this run " + tmp.resolve("cache/2.7.1-cu128-linux-x86_64")
                + ": publish.djl.ai (UnknownHostException). check the network, or set PYTORCH_LIBRARY_PATH to the lib folder "
                + "of a libtorch 2.7.1 build", online.loadFailure(online.locate(), new IllegalStateException("Failed to download",
                new java.net.UnknownHostException("publish.djl.ai"))));
    }

    @Test
    void theLibtorchZipStatesItsVersionInBuildVersion(@TempDir Path tmp) throws IOException {
        Path lib = Files.createDirectories(tmp.resolve("libtorch/lib"));
        Files.writeString(lib.resolve("libtorch.so"), "");
        Files.writeString(lib.resolve("libc10_cuda.so"), "");
        Files.writeString(lib.getParent().resolve("build-version"), "2.6.0+cu126\n");
        UserException e = assertThrows(UserException.class,
                () -> search(lib.toString(), null, null, true, null, tmp, "cpu").locate());
        assertEquals("PYTORCH_LIBRARY_PATH " + lib + " holds libtorch 2.6.0+cu126 (says " + lib.getParent().resolve("build-version")
                + "), but DJL's JNI glue in this harness is built for libtorch 2.7.1 only: point it at a 2.7.1 build instead "
                + "(e.g. pip install torch==2.7.1 --index-url https://download.pytorch.org/whl/cu128 in a separate virtual "
                + "environment)", e.getMessage());
    }

    @Test
    void aPythonTorchOfAnotherVersionIsRefusedNamingIt(@TempDir Path tmp) throws IOException {
        Path lib = pipTorch(tmp, "2.11.0+cu130", true);
        UserException e = assertThrows(UserException.class,
                () -> search(lib.toString(), null, null, true, "2.7.1-20250812", tmp, "cu130").locate());
        assertTrue(e.getMessage().contains("holds libtorch 2.11.0+cu130"), e.getMessage());
        assertTrue(e.getMessage().contains("built for libtorch 2.7.1 only"), e.getMessage());
    }

    @Test
    void aFolderWithoutLibtorchIsRefusedNotSilentlySkipped(@TempDir Path tmp) {
        UserException e = assertThrows(UserException.class,
                () -> search(tmp.toString(), null, null, true, "2.7.1-20250812", tmp, "cpu").locate());
        assertEquals("PYTORCH_LIBRARY_PATH=" + tmp + " holds no libtorch.so: point it at the lib folder of a libtorch 2.7.1 "
                + "build (site-packages/torch/lib of pip's torch==2.7.1, or libtorch/lib of the 2.7.1 zip), or unset it to "
                + "use the CPU libtorch bundled in harness.jar", e.getMessage());
    }

    @Test
    void aFlavourThatContradictsTheFolderOrHasNoGlueIsRefused(@TempDir Path tmp) throws IOException {
        Path cpu = Files.createDirectories(tmp.resolve("cpu/lib"));
        Files.writeString(cpu.resolve("libtorch.so"), "");
        UserException wrong = assertThrows(UserException.class,
                () -> search(cpu.toString(), null, "cu128", true, null, tmp, "cpu").locate());
        assertTrue(wrong.getMessage().startsWith("PYTORCH_FLAVOR=cu128 but PYTORCH_LIBRARY_PATH " + cpu
                + " is a CPU-only build of libtorch (no libtorch_cuda.so)"), wrong.getMessage());
        UserException noGlue = assertThrows(UserException.class,
                () -> search(cpu.toString(), null, "cpu-precxx11", true, null, tmp, "cpu").locate());
        assertTrue(noGlue.getMessage().startsWith("PYTORCH_FLAVOR=cpu-precxx11: this harness carries DJL's JNI glue for "
                + "cpu and cu128 only"), noGlue.getMessage());
        UserException version = assertThrows(UserException.class,
                () -> search(cpu.toString(), "2.5.1", null, true, null, tmp, "cpu").locate());
        assertTrue(version.getMessage().startsWith("PYTORCH_VERSION=2.5.1, but"), version.getMessage());
        // the user's own matching settings are kept, not overridden
        LibtorchSearch ok = search(cpu.toString(), "2.7.1", "cpu", true, null, tmp, "cpu");
        assertEquals(Map.of(), ok.systemProperties(ok.locate()));
    }

    @Test
    void theBundledJarIsUsedUnlessPytorchVersionMakesDjlDownload(@TempDir Path tmp) {
        LibtorchLocation bundled = search(null, null, null, true, "2.7.1-20250812", tmp, "cu128").locate();
        assertEquals(LibtorchLocation.Source.BUNDLED, bundled.source());
        assertEquals(tmp.resolve("2.7.1-20250812-cpu-linux-x86_64"), bundled.dir());
        assertEquals("2.7.1", bundled.version());
        UserException e = assertThrows(UserException.class,
                () -> search(null, "2.7.1", null, true, "2.7.1-20250812", tmp, "cpu").locate());
        assertTrue(e.getMessage().startsWith("PYTORCH_VERSION=2.7.1 makes DJL download libtorch instead of using the one "
                + "bundled in harness.jar (2.7.1-20250812), and downloads are off: unset PYTORCH_VERSION"), e.getMessage());
    }

    @Test
    void theCudaJarOfflineWithNothingCachedSaysWhatItLookedForWhereAndTheTwoWaysOut(@TempDir Path tmp) throws IOException {
        Files.createDirectories(tmp.resolve("2.7.1-20250812-cpu-linux-x86_64"));
        UserException e = assertThrows(UserException.class,
                () -> search(null, null, null, true, null, tmp, "cu128").locate());
        assertEquals("no libtorch found: this harness.jar bundles none (built with -Pcuda) and needs libtorch 2.7.1 "
                + "(flavour cu128 on this machine); looked in PYTORCH_LIBRARY_PATH (not set) and in DJL's cache "
                + tmp.resolve("2.7.1-cu128-linux-x86_64") + " (it holds only 2.7.1-20250812-cpu-linux-x86_64), and downloads "
                + "are off. Either set PYTORCH_LIBRARY_PATH to the lib folder of a libtorch 2.7.1 build "
                + "(site-packages/torch/lib of pip's torch==2.7.1, or libtorch/lib of the 2.7.1 zip), or run once where the "
                + "network is reachable: java -Dai.djl.offline=false -jar harness.jar env (DJL keeps its download in " + tmp
                + ")", e.getMessage());
        assertTrue(e.getMessage().lines().count() == 1, "one line");
        // online, DJL downloads into that folder; once there, it is used offline
        assertEquals(LibtorchLocation.Source.DOWNLOAD, search(null, null, null, false, null, tmp, "cu128").locate().source());
        Path cached = Files.createDirectories(tmp.resolve("2.7.1-cu128-linux-x86_64"));
        Files.writeString(cached.resolve("libtorch.so"), "");
        LibtorchLocation where = search(null, null, null, true, null, tmp, "cu128").locate();
        assertEquals(LibtorchLocation.Source.DJL_CACHE, where.source());
        assertEquals("cu128", where.flavour());
    }

    @Test
    void versionMarkers() throws IOException {
        assertEquals("2.7.1", LibtorchSearch.base("2.7.1+cu128"));
        assertEquals("2.7.1", LibtorchSearch.base("2.7.1-20250812"));
        assertEquals("2.7.1", LibtorchSearch.versionMarker(Path.of("/x/pytorch/2.7.1-20250812-cpu-linux-x86_64"))[0]);
        assertEquals("2.6.0", LibtorchSearch.versionMarker(Path.of("/x/pytorch/2.6.0-cu124-linux-x86_64"))[0]);
        assertNull(LibtorchSearch.versionMarker(Path.of("/x/lib")));
    }
}
