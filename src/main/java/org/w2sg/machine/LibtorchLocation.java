package org.w2sg.machine;

import java.nio.file.Path;

/**
 * Where DJL will load libtorch from, decided before it tries: the folder, how it was found, the version and flavour
 * the folder shows (null when it shows none) and the flavour of DJL's JNI glue that will be paired with it.
 */
public record LibtorchLocation(Source source, Path dir, String version, String versionEvidence, String flavour) {
    public enum Source {
        /** The folder named by {@code PYTORCH_LIBRARY_PATH}. */
        LIBRARY_PATH("PYTORCH_LIBRARY_PATH"),
        /** The native jar inside harness.jar (ai.djl.pytorch:pytorch-native-cpu), extracted to DJL's cache. */
        BUNDLED("bundled in harness.jar"),
        /** A build DJL downloaded earlier into its cache (the -Pcuda jar after one online run). */
        DJL_CACHE("DJL's cache"),
        /** Nothing local yet: DJL downloads its build on this run (downloads were allowed). */
        DOWNLOAD("DJL download on this run");

        public final String label;

        Source(String label) {
            this.label = label;
        }
    }

    /** True when the JNI glue is the CUDA one (so a GPU can be used, given a driver and a device). */
    public boolean cuda() {
        return flavour != null && flavour.startsWith("cu");
    }

    /** "libtorch 2.7.1 (cu128) from PYTORCH_LIBRARY_PATH /x/lib": what a message names. */
    public String describe() {
        return "libtorch " + (version == null ? "of unknown version" : version) + " (" + flavour + ") from "
                + source.label + " " + dir;
    }
}
