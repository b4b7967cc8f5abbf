package org.w2sg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No package imports one later in the data flow (DESIGN.md), read from the sources: a reference to
 * {@code org.w2sg.<package>.} in a file of an earlier package is a back-edge. scripts/import-graph.py prints the graph.
 */
class PackageGraphTest {
    /** The flow: leaves first, then registry ... report, bench and cli last (README, "Code map"). */
    static final List<String> ORDER = List.of("errors", "io", "machine", "chart", "stats", "linalg", "registry", "hub", "weights",
            "model", "tools", "data", "extract", "probe", "geometry", "run", "sweep", "train", "theory", "report", "calibrate", "bench", "cli");

    @Test
    void noPackageImportsALaterOne() throws IOException {
        Path root = Path.of("src/main/java/org/w2sg");
        Pattern ref = Pattern.compile("\\borg\\.w2sg\\.([a-z0-9]+)\\.");
        Set<String> back = new TreeSet<>();
        Set<String> unknown = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String from = root.relativize(f).getName(0).toString();
                Matcher m = ref.matcher(Files.readString(f));
                while (m.find()) {
                    String to = m.group(1);
                    if (to.equals(from)) continue;
                    if (!ORDER.contains(from)) unknown.add(from);
                    if (!ORDER.contains(to)) unknown.add(to);
                    if (ORDER.contains(from) && ORDER.contains(to) && ORDER.indexOf(to) > ORDER.indexOf(from)) {
                        back.add(from + " -> " + to);
                    }
                }
            }
        }
        assertEquals(Set.of(), unknown, "packages missing from the data-flow order: add them where they belong");
        assertEquals(Set.of(), back, "packages importing a later one in the data flow");
        assertTrue(ORDER.indexOf("sweep") < ORDER.indexOf("report"));
    }
}
