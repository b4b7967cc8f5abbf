package org.w2sg.report;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** The versions that produced a run: the harness, the JVM and the libraries whose numbers end up in the tables. */
public final class Versions {
    private Versions() {}

    private static final String[][] LIBRARIES = {
            {"djl", "ai.djl", "api"},
            {"djl-pytorch-engine", "ai.djl.pytorch", "pytorch-engine"},
            {"pytorch-native", "ai.djl.pytorch", "pytorch-native-cpu"},
            {"djl-tokenizers", "ai.djl.huggingface", "tokenizers"},
            {"smile", "com.github.haifengl", "smile-core"},
            {"jackson", "com.fasterxml.jackson.core", "jackson-databind"},
            {"xchart", "org.knowm.xchart", "xchart"},
            {"picocli", "info.picocli", "picocli"},
    };

    public static Map<String, String> collect() {
        Map<String, String> v = new LinkedHashMap<>();
        String harness = Versions.class.getPackage().getImplementationVersion();
        v.put("harness", harness != null ? harness : pomVersion("org.w2sg", "w2sg-harness", "dev"));
        v.put("java", Runtime.version().toString());
        v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        for (String[] lib : LIBRARIES) {
            String ver = pomVersion(lib[1], lib[2], null);
            if (ver != null) v.put(lib[0], ver);
        }
        return v;
    }

    /** Maven puts pom.properties in every jar it builds, and the shaded jar keeps them. */
    private static String pomVersion(String group, String artifact, String fallback) {
        String path = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = Versions.class.getResourceAsStream(path)) {
            if (in == null) return fallback;
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", fallback);
        } catch (IOException e) {
            return fallback;
        }
    }
}
