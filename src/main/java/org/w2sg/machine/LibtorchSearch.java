package org.w2sg.machine;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w2sg.errors.UserException;

/**
 * Decides, before DJL tries, which libtorch it will load, and turns every way that can fail into one line naming what
 * was looked for, where, and the ways out. DJL alone answers a missing or unsuitable libtorch with a 29-line
 * {@code EngineException} ("Failed to save pytorch index file ... Offline mode is enabled") or a missing JNI file
 * ("cpu-precxx11") when {@code PYTORCH_FLAVOR} is unset.
 *
 * <p>DJL's order (0.36, {@code ai.djl.pytorch.jni.LibUtils}): a folder in {@code PYTORCH_LIBRARY_PATH} holding
 * {@code libtorch.so}; else the native jar on the class path (harness.jar bundles the CPU one unless built with
 * {@code -Pcuda}); else its cache folder {@code <cache>/pytorch/<version>-<flavour>-<os>}, downloading into it
 * when online. Its JNI glue, shipped in the jar for flavours {@code cpu} and {@code cu128} only, is compiled against
 * one libtorch version ({@link #requiredVersion}), so a library of another version cannot work.
 *
 * @param libraryPath     {@code PYTORCH_LIBRARY_PATH}, or null
 * @param versionOverride {@code PYTORCH_VERSION} (environment or system property), or null
 * @param flavourOverride {@code PYTORCH_FLAVOR} (environment or system property), or null
 * @param offline         DJL downloads are off ({@code ai.djl.offline}, which the harness sets unless told otherwise)
 * @param bundled         version of the native jar on the class path ("2.7.1-20250812"), or null (the -Pcuda jar)
 * @param requiredVersion the libtorch version DJL's JNI glue is built for ("2.7.1")
 * @param glueFlavours    the flavours whose JNI glue the jar carries ("cpu", "cu128")
 * @param engineCache     DJL's engine cache folder for PyTorch
 * @param machineFlavour  what DJL would download for this machine: "cpu", or "cu" + the CUDA runtime's version
 * @param classifier      "linux-x86_64"
 */
public record LibtorchSearch(String libraryPath, String versionOverride, String flavourOverride, boolean offline,
                             String bundled, String requiredVersion, List<String> glueFlavours, Path engineCache,
                             String machineFlavour, String classifier) {
    static final String LIB = System.mapLibraryName("torch");
    private static final Pattern VERSION = Pattern.compile("(\\d+\\.\\d+\\.\\d+)");
    private static final Pattern PY_VERSION = Pattern.compile("__version__\\s*=\\s*['\"]([^'\"]+)['\"]");
    private static final Pattern DJL_CACHE_DIR = Pattern.compile("(\\d+\\.\\d+\\.\\d+)(?:-\\d+)?-(cpu|cu\\d+)[^/]*");

    public LibtorchSearch {
        libraryPath = blankToNull(libraryPath);
        versionOverride = blankToNull(versionOverride);
        flavourOverride = blankToNull(flavourOverride);
        glueFlavours = List.copyOf(glueFlavours);
    }

    /**
     * Where libtorch will come from, or a {@link UserException} saying why none fits. {@link #systemProperties} gives
     * the settings DJL then needs.
     */
    public LibtorchLocation locate() {
        if (libraryPath != null) return fromLibraryPath();
        if (versionOverride != null && !base(versionOverride).equals(requiredVersion)) {
            throw new UserException("PYTORCH_VERSION=" + versionOverride + " asks DJL for libtorch " + versionOverride
                    + ", but its JNI glue in this harness is built for libtorch " + requiredVersion
                    + " only: unset PYTORCH_VERSION");
        }
        if (bundled != null && versionOverride != null && !versionOverride.equals(bundled)) {
            // DJL compares PYTORCH_VERSION with the bundled jar's full version and downloads on any difference
            Path dir = engineCache.resolve(requiredVersion + "-" + machineFlavour + "-" + classifier);
            if (Files.isRegularFile(dir.resolve(LIB))) {
                return new LibtorchLocation(LibtorchLocation.Source.DJL_CACHE, dir, requiredVersion,
                        "DJL's cache folder name", machineFlavour);
            }
            if (offline) {
                throw new UserException("PYTORCH_VERSION=" + versionOverride + " makes DJL download libtorch instead of "
                        + "using the one bundled in harness.jar (" + bundled + "), and downloads are off: unset "
                        + "PYTORCH_VERSION (it matters only with PYTORCH_LIBRARY_PATH, where the harness sets it)");
            }
            return new LibtorchLocation(LibtorchLocation.Source.DOWNLOAD, dir, requiredVersion, null, machineFlavour);
        }
        if (bundled != null) {
            Path dir = engineCache.resolve(bundled + "-cpu-" + classifier);
            return new LibtorchLocation(LibtorchLocation.Source.BUNDLED, dir, base(bundled),
                    "the native jar's pytorch.properties", "cpu");
        }
        Path cached = engineCache.resolve(requiredVersion + "-" + machineFlavour + "-" + classifier);
        if (Files.isRegularFile(cached.resolve(LIB))) {
            return new LibtorchLocation(LibtorchLocation.Source.DJL_CACHE, cached, requiredVersion,
                    "DJL's cache folder name", machineFlavour);
        }
        if (!offline) {
            return new LibtorchLocation(LibtorchLocation.Source.DOWNLOAD, cached, requiredVersion, null, machineFlavour);
        }
        throw new UserException("no libtorch found: this harness.jar bundles none (built with -Pcuda) and needs libtorch "
                + requiredVersion + " (flavour " + machineFlavour + " on this machine"
                + (machineFlavour.startsWith("cu") ? "" : ", where no CUDA GPU is visible") + "); looked in "
                + "PYTORCH_LIBRARY_PATH (not set) and in DJL's cache " + cached + " (" + cacheContents() + "), and "
                + "downloads are off. Either set PYTORCH_LIBRARY_PATH to the lib folder of a libtorch " + requiredVersion
                + " build (site-packages/torch/lib of pip's torch==" + requiredVersion + ", or libtorch/lib of the "
                + requiredVersion + " zip), or run once where the network is reachable: java -Dai.djl.offline=false "
                + "-jar harness.jar env (DJL keeps its download in " + engineCache + ")");
    }

    /**
     * The system properties DJL reads when the environment variables of the same name are unset: with
     * {@code PYTORCH_LIBRARY_PATH} it needs {@code PYTORCH_VERSION} and {@code PYTORCH_FLAVOR} to pick its JNI glue
     * (unset, it looks for a "cpu-precxx11" glue that does not exist). Empty for the other sources.
     */
    public java.util.Map<String, String> systemProperties(LibtorchLocation where) {
        if (where.source() != LibtorchLocation.Source.LIBRARY_PATH) return java.util.Map.of();
        java.util.Map<String, String> p = new java.util.LinkedHashMap<>();
        if (versionOverride == null) p.put("PYTORCH_VERSION", requiredVersion);
        if (flavourOverride == null) p.put("PYTORCH_FLAVOR", where.flavour());
        return p;
    }

    /** One line for a libtorch that was found but failed to load (missing CUDA libraries, another version ...). */
    public String loadFailure(LibtorchLocation where, Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String why = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        // an I/O failure's message is often just a host or a path: name what happened to it
        if (root instanceof java.io.IOException && root.getMessage() != null) why += " (" + root.getClass().getSimpleName() + ")";
        String hint = switch (where.source()) {
            case LIBRARY_PATH -> "DJL " + "needs a libtorch " + requiredVersion + " build whose own libraries load; "
                    + (where.version() == null ? "the folder does not say its version (no ../version.py or ../build-version), so "
                    + "check it is " + requiredVersion + "; " : "")
                    + "point PYTORCH_LIBRARY_PATH at the lib folder of another build, or unset it";
            case DJL_CACHE, BUNDLED -> "delete " + where.dir() + " so DJL extracts or downloads it again";
            case DOWNLOAD -> "check the network, or set PYTORCH_LIBRARY_PATH to the lib folder of a libtorch "
                    + requiredVersion + " build";
        };
        return "could not load " + where.describe() + ": " + why.replace('\n', ' ') + ". " + hint;
    }

    private LibtorchLocation fromLibraryPath() {
        Path dir = null;
        for (String entry : libraryPath.split(File.pathSeparator)) {
            if (entry.isBlank()) continue;
            Path p = Path.of(entry);
            if (Files.isRegularFile(p) && p.getFileName().toString().equals(LIB)) p = p.toAbsolutePath().getParent();
            if (Files.isRegularFile(p.resolve(LIB))) {
                dir = p.toAbsolutePath().normalize();
                break;
            }
        }
        if (dir == null) {
            throw new UserException("PYTORCH_LIBRARY_PATH=" + libraryPath + " holds no " + LIB + ": point it at the lib "
                    + "folder of a libtorch " + requiredVersion + " build (site-packages/torch/lib of pip's torch=="
                    + requiredVersion + ", or libtorch/lib of the " + requiredVersion + " zip), or unset it"
                    + (bundled != null ? " to use the CPU libtorch bundled in harness.jar" : ""));
        }
        boolean cudaBuild = Files.exists(dir.resolve(System.mapLibraryName("torch_cuda")))
                || Files.exists(dir.resolve(System.mapLibraryName("c10_cuda")));
        String[] marker = versionMarker(dir);
        String found = marker == null ? null : marker[0];
        String name = "PYTORCH_LIBRARY_PATH " + dir;
        if (found != null && !base(found).equals(requiredVersion)) {
            throw new UserException(name + " holds libtorch " + found + " (says " + marker[1] + "), but DJL's JNI glue "
                    + "in this harness is built for libtorch " + requiredVersion + " only: point it at a " + requiredVersion
                    + " build instead (e.g. pip install torch==" + requiredVersion
                    + " --index-url https://download.pytorch.org/whl/cu128 in a separate virtual environment)");
        }
        if (versionOverride != null && !base(versionOverride).equals(requiredVersion)) {
            throw new UserException("PYTORCH_VERSION=" + versionOverride + ", but DJL's JNI glue in this harness is built "
                    + "for libtorch " + requiredVersion + " only: unset PYTORCH_VERSION (the harness sets it for " + name + ")");
        }
        String glue = cudaBuild ? glueFlavours.stream().filter(f -> f.startsWith("cu")).findFirst().orElse("cpu") : "cpu";
        if (flavourOverride != null) {
            String f = flavourOverride.toLowerCase(Locale.ROOT);
            if (!glueFlavours.contains(f)) {
                throw new UserException("PYTORCH_FLAVOR=" + flavourOverride + ": this harness carries DJL's JNI glue for "
                        + String.join(" and ", glueFlavours) + " only; unset PYTORCH_FLAVOR (the harness picks "
                        + glue + " for " + name + ")");
            }
            if (f.startsWith("cu") != cudaBuild) {
                throw new UserException("PYTORCH_FLAVOR=" + flavourOverride + " but " + name + " is a "
                        + (cudaBuild ? "CUDA" : "CPU-only") + " build of libtorch (" + (cudaBuild ? "has " : "no ")
                        + System.mapLibraryName("torch_cuda") + "): unset PYTORCH_FLAVOR (the harness picks " + glue
                        + ")" + (cudaBuild ? "" : ", or point PYTORCH_LIBRARY_PATH at a CUDA build"));
            }
            glue = f;
        }
        return new LibtorchLocation(LibtorchLocation.Source.LIBRARY_PATH, dir, found,
                marker == null ? null : marker[1], glue);
    }

    /**
     * The version a libtorch folder states, and where: pip's torch/lib has {@code ../version.py}, the libtorch zip
     * {@code ../build-version}, DJL's cache names its folders "2.7.1-cu128-linux-x86_64". Null when none says.
     */
    static String[] versionMarker(Path lib) {
        Path up = lib.toAbsolutePath().getParent();
        try {
            if (up != null && Files.isRegularFile(up.resolve("version.py"))) {
                Matcher m = PY_VERSION.matcher(Files.readString(up.resolve("version.py")));
                if (m.find()) return new String[] {m.group(1), up.resolve("version.py").toString()};
            }
            if (up != null && Files.isRegularFile(up.resolve("build-version"))) {
                String v = Files.readString(up.resolve("build-version")).trim();
                if (!v.isEmpty()) return new String[] {v, up.resolve("build-version").toString()};
            }
        } catch (IOException e) {
            return null; // unreadable marker: the version stays unknown and loading decides
        }
        Matcher m = DJL_CACHE_DIR.matcher(lib.getFileName() == null ? "" : lib.getFileName().toString());
        if (m.matches()) return new String[] {m.group(1), "its folder name"};
        return null;
    }

    private String cacheContents() {
        if (!Files.isDirectory(engineCache)) return "absent";
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(engineCache)) {
            for (Path p : s) if (Files.isDirectory(p)) names.add(p.getFileName().toString());
        } catch (IOException e) {
            return "unreadable";
        }
        names.sort(null);
        return names.isEmpty() ? "empty" : "it holds only " + String.join(", ", names);
    }

    /** "2.7.1" of "2.7.1+cu128", "2.7.1-20250812" or "2.7.1". */
    static String base(String version) {
        Matcher m = VERSION.matcher(version);
        return m.find() ? m.group(1) : version;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
