package org.w2sg.report;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** The versions that produced a run: the harness, the JVM and the libraries whose numbers end up in the tables. */
public final class Versions {
    private Versions() {}

    public static Map<String, String> collect() {
        Map<String, String> v = new LinkedHashMap<>();
        String harness = Versions.class.getPackage().getImplementationVersion();
        v.put("harness", harness != null ? harness : pomVersion("org.w2sg", "w2sg-harness", "dev"));
        v.put("java", Runtime.version().toString());
        v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        // each library says its version in its own way; these resources survive the shaded jar
        put(v, "djl", property("/ai/djl/engine/api.properties", "djl_version"));
        put(v, "djl-pytorch", property("/pytorch-engine.properties", "pytorch_version"));
        put(v, "djl-tokenizers", property("/native/lib/tokenizers.properties", "version"));
        put(v, "smile", smile.math.MathEx.class.getPackage().getImplementationVersion());
        put(v, "jackson", pomVersion("com.fasterxml.jackson.core", "jackson-databind", null));
        put(v, "xchart", pomVersion("org.knowm.xchart", "xchart", null));
        put(v, "picocli", picocli.CommandLine.VERSION);
        return v;
    }

    private static void put(Map<String, String> v, String name, String version) {
        if (version != null && !version.isBlank()) v.put(name, version);
    }

    /** Maven puts pom.properties in every jar it builds, and the shaded jar keeps them. */
    private static String pomVersion(String group, String artifact, String fallback) {
        String found = property("/META-INF/maven/" + group + "/" + artifact + "/pom.properties", "version");
        return found != null ? found : fallback;
    }

    private static String property(String resource, String key) {
        try (InputStream in = Versions.class.getResourceAsStream(resource)) {
            if (in == null) return null;
            Properties p = new Properties();
            p.load(in);
            return p.getProperty(key);
        } catch (IOException e) {
            return null;
        }
    }
}
