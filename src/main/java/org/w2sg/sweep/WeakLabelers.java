package org.w2sg.sweep;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w2sg.probe.ProbeOptions;

/**
 * The run's weak supervisors' labelers, by description, open together for the whole plan: each checkpoint
 * supervisor's activations of A, B and T are extracted (or read back from the store) once, whatever the number of
 * strong revisions.
 */
final class WeakLabelers implements AutoCloseable {
    private final Map<String, WeakLabeler> byName;

    private WeakLabelers(Map<String, WeakLabeler> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    static WeakLabelers of(List<WeakChoice> weak, ActivationRequests features, List<Integer> seeds, ProbeOptions probe) {
        Map<String, WeakLabeler> m = new LinkedHashMap<>();
        for (WeakChoice w : weak) m.put(w.description(), w.labeler(features, seeds, probe));
        return new WeakLabelers(m);
    }

    Map<String, WeakLabeler> byName() {
        return byName;
    }

    @Override
    public void close() throws IOException {
        List<IOException> failures = new ArrayList<>();
        for (WeakLabeler l : byName.values()) {
            try {
                l.close();
            } catch (IOException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            IOException first = failures.getFirst();
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }
}
