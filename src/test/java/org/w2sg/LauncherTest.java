package org.w2sg;

import static org.junit.jupiter.api.Assertions.*;

import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The jar's entry point loads on any Java from 8 on: on an old one it prints one line naming the Java it needs, the one
 * it found and how to point JAVA_HOME, and exits 2; on Java 25 it runs the harness.
 */
class LauncherTest {
    @Test
    void isCompiledForJava8() throws Exception {
        try (InputStream in = Launcher.class.getResourceAsStream("Launcher.class");
             DataInputStream d = new DataInputStream(in)) {
            assertEquals(0xCAFEBABE, d.readInt());
            d.readUnsignedShort();
            assertEquals(52, d.readUnsignedShort(), "class file version 52 = Java 8");
        }
    }

    @Test
    void readsJavaVersions() {
        assertEquals(8, Launcher.feature("1.8"));
        assertEquals(17, Launcher.feature("17"));
        assertEquals(25, Launcher.feature("25"));
        String m = Launcher.message("17", "17.0.15", "/usr/lib/jvm/java-17");
        assertTrue(m.startsWith("error: the harness needs Java 25") && m.contains("Java 17 (17.0.15 at /usr/lib/jvm/java-17)")
                && m.contains("JAVA_HOME") && !m.contains("\n"), m);
    }

    @Test
    void anOldJavaGetsOneLineThatSaysWhichJavaToUse() throws Exception {
        Path old = olderJava();
        Assumptions.assumeTrue(old != null, "no Java older than 25 on this machine");
        Run r = run(old, "--version");
        assertEquals(2, r.code, r.output);
        assertEquals(1, r.output.strip().lines().count(), r.output);
        assertTrue(r.output.contains("needs Java 25") && r.output.contains("JAVA_HOME")
                && !r.output.contains("UnsupportedClassVersionError"), r.output);
    }

    @Test
    void java25RunsTheHarness() throws Exception {
        Run r = run(Path.of(System.getProperty("java.home"), "bin", "java"), "--version");
        assertEquals(0, r.code, r.output);
        assertFalse(r.output.contains("error:"), r.output);
    }

    record Run(int code, String output) {}

    private static Run run(Path java, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                Launcher.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out);
    }

    /** A JDK or JRE below 25 among the usual install locations, or null. */
    private static Path olderJava() throws Exception {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) return null;
        try (Stream<Path> s = Files.list(jvms)) {
            for (Path home : s.sorted().toList()) {
                Path java = home.resolve("bin/java");
                Path release = home.resolve("release");
                if (!Files.isExecutable(java) || !Files.isRegularFile(release)) continue;
                for (String line : Files.readAllLines(release)) {
                    if (line.startsWith("JAVA_VERSION=")) {
                        String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                        if (Launcher.feature(v) < Launcher.NEEDED) return java;
                    }
                }
            }
        }
        return null;
    }
}
