package org.w2sg.machine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The harness version and the git commit it was built from, written into the jar at build time
 * ({@code org/w2sg/machine/build.properties}, by the pom's antrun step); "unknown" when built outside a git checkout.
 *
 * @param dirty true when tracked files differed from the commit at build time
 */
public record BuildInfo(String version, String commit, boolean dirty, String builtAt) {
    static final String RESOURCE = "/org/w2sg/machine/build.properties";

    public static BuildInfo current() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            // an unreadable resource leaves every field unknown: env reports that rather than failing
        }
        return new BuildInfo(value(p, "version"), value(p, "commit"), !p.getProperty("dirty", "").isBlank(),
                value(p, "built"));
    }

    /** "0.1.0-SNAPSHOT (commit 4b99b4f0c1d2, with uncommitted changes)". */
    public String describe() {
        return version + " (commit " + commit + (dirty ? ", with uncommitted changes" : "") + ")";
    }

    private static String value(Properties p, String key) {
        String v = p.getProperty(key, "").trim();
        return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
    }
}
