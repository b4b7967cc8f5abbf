package org.w2sg;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The jar's entry point, compiled for Java 8 so that any Java from 8 on can load it: on a Java older than the
 * harness needs it says so in one line (which Java it needs, which it found, how to point JAVA_HOME at the right one)
 * and exits 2, instead of an UnsupportedClassVersionError; otherwise it hands over to {@code org.w2sg.cli.Main}.
 * Kept to Java 8 language and API on purpose (its own source root, built with --release 8).
 */
public final class Launcher {
    /** The Java feature release the harness is compiled for (maven.compiler.release). */
    static final int NEEDED = 25;

    private Launcher() {}

    public static void main(String[] args) throws Throwable {
        String spec = System.getProperty("java.specification.version", "?");
        if (feature(spec) < NEEDED) {
            System.err.println(message(spec, System.getProperty("java.version", spec),
                    System.getProperty("java.home", "?")));
            System.exit(2);
        }
        Method main = Class.forName("org.w2sg.cli.Main").getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    static String message(String spec, String version, String home) {
        return "error: the harness needs Java " + NEEDED + " or newer, but it was started with Java " + feature(spec)
                + " (" + version + " at " + home + "). Install a JDK " + NEEDED + " (e.g. Temurin 25) and run it with "
                + "that java: export JAVA_HOME=/path/to/jdk-" + NEEDED + " PATH=$JAVA_HOME/bin:$PATH, then java -jar "
                + "target/harness.jar ...";
    }

    /** 8 for "1.8", 17 for "17": the feature release named by java.specification.version. */
    static int feature(String spec) {
        String s = spec.startsWith("1.") ? spec.substring(2) : spec;
        int end = 0;
        while (end < s.length() && Character.isDigit(s.charAt(end))) end++;
        return end == 0 ? 0 : Integer.parseInt(s.substring(0, end));
    }
}
