package org.w2sg.extract;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.w2sg.io.AtomicFiles;

/**
 * The store's JSON files (entry.json, partial/plan.json, splits): snake_case, indented, map keys sorted, written
 * atomically. They hold no clock times or timings, so the same extraction writes the same bytes however often it was
 * interrupted and resumed.
 */
final class StoreJson {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            // map keys sorted, so a resumed run writes the same bytes as an uninterrupted one (Map.of has no order)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private StoreJson() {}

    static void write(Path file, Object value) throws IOException {
        AtomicFiles.writeBytes(file, MAPPER.writeValueAsBytes(value));
    }

    /** The file's value, or null when it is absent or unreadable (a torn or foreign file counts as absent). */
    static <T> T readOrNull(Path file, Class<T> type) {
        if (!Files.isRegularFile(file)) return null;
        try {
            return MAPPER.readValue(file.toFile(), type);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
