package org.w2sg.machine;

import ai.djl.engine.Engine;
import ai.djl.util.Platform;
import ai.djl.util.Utils;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import org.w2sg.errors.UserException;

/**
 * The one way into DJL's PyTorch engine: finds libtorch first ({@link LibtorchSearch}), gives DJL the settings it
 * needs for that folder, and turns a failed load into one line. Everything that computes with libtorch gets its
 * engine here, so a missing or unsuitable libtorch is a user error (exit 2), not a 29-line trace.
 */
public final class Libtorch {
    public static final String ENGINE = "PyTorch";

    private static LibtorchLocation location;
    private static Engine engine;

    private Libtorch() {}

    /** The loaded engine; the first call finds and loads libtorch. */
    public static synchronized Engine engine() {
        if (engine != null) return engine;
        NativeThreads.configure(); // OpenMP reads its settings once, when libtorch loads
        LibtorchSearch search = search();
        LibtorchLocation where = search.locate();
        search.systemProperties(where).forEach(System::setProperty);
        try {
            engine = Engine.getEngine(ENGINE);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw new UserException(search.loadFailure(where, e), e);
        }
        location = where;
        return engine;
    }

    /** Where libtorch was loaded from; null before {@link #engine()} succeeded. */
    public static synchronized LibtorchLocation loaded() {
        return location;
    }

    /** The search as this process's environment and class path set it. */
    public static LibtorchSearch search() {
        Platform platform = Platform.detectPlatform("pytorch");
        String bundled = platform.isPlaceholder() ? null : platform.getVersion();
        String machineFlavour = platform.isPlaceholder() ? platform.getFlavor() : Platform.fromSystem("pytorch").getFlavor();
        return new LibtorchSearch(System.getenv("PYTORCH_LIBRARY_PATH"), Utils.getEnvOrSystemProperty("PYTORCH_VERSION"),
                Utils.getEnvOrSystemProperty("PYTORCH_FLAVOR"), Utils.isOfflineMode(), bundled, requiredVersion(),
                glueFlavours(platform.getClassifier()), Utils.getEngineCacheDir("pytorch"), machineFlavour, platform.getClassifier());
    }

    /** The libtorch version DJL's JNI glue is built for: the "2.7.1" of pytorch-jni's "2.7.1-0.36.0". */
    public static String requiredVersion() {
        try (InputStream in = Libtorch.class.getResourceAsStream("/jnilib/pytorch.properties")) {
            if (in == null) throw new IllegalStateException("pytorch-jni is not on the class path (no jnilib/pytorch.properties)");
            Properties p = new Properties();
            p.load(in);
            return LibtorchSearch.base(p.getProperty("jni_version"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The flavours whose JNI glue the pytorch-jni jar carries for this platform (0.36: cpu and cu128 on Linux). */
    static List<String> glueFlavours(String classifier) {
        List<String> found = new java.util.ArrayList<>();
        for (String f : List.of("cpu", "cu118", "cu121", "cu124", "cu126", "cu128", "cu129", "cu130")) {
            if (Libtorch.class.getResource("/jnilib/" + classifier + "/" + f + "/" + System.mapLibraryName("djl_torch")) != null) {
                found.add(f);
            }
        }
        return found;
    }
}
