package org.w2sg.registry;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The line of every key in a YAML document, by dotted path ("aliases.pythia-70m.family"), so that checks made after
 * binding can still point at the line the user has to fix.
 */
final class YamlLocations {
    private final Map<String, Integer> lines = new HashMap<>();

    YamlLocations(String text) {
        try (JsonParser p = new YAMLFactory().createParser(text)) {
            Deque<String> path = new ArrayDeque<>();
            Deque<Boolean> inObject = new ArrayDeque<>();
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                switch (t) {
                    case START_OBJECT, START_ARRAY -> inObject.push(t == JsonToken.START_OBJECT);
                    case END_OBJECT, END_ARRAY -> {
                        inObject.pop();
                        if (!inObject.isEmpty() && inObject.peek() && !path.isEmpty()) path.pop();
                    }
                    case FIELD_NAME -> {
                        path.push(p.currentName());
                        JsonLocation loc = p.currentTokenLocation();
                        lines.put(String.join(".", path.reversed()), loc.getLineNr());
                    }
                    default -> {
                        if (!inObject.isEmpty() && inObject.peek() && !path.isEmpty()) path.pop();
                    }
                }
            }
        } catch (IOException e) {
            // the binding step reports syntax errors with their location; here we only lose line numbers
        }
    }

    /** Line of exactly {@code path}, or -1. */
    int exactLine(String path) {
        return lines.getOrDefault(path, -1);
    }

    /** Line of {@code path}, else of its nearest ancestor that exists, else -1. */
    int line(String path) {
        String p = path;
        while (true) {
            Integer l = lines.get(p);
            if (l != null) return l;
            int dot = p.lastIndexOf('.');
            if (dot < 0) return -1;
            p = p.substring(0, dot);
        }
    }
}
