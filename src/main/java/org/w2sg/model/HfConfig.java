package org.w2sg.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.w2sg.errors.UnreadableFileException;
import org.w2sg.errors.UserException;

/** A checkpoint's config.json (transformers' field names), with errors that name the file and the field. */
public final class HfConfig {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final JsonNode root;

    private HfConfig(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    /** A config.json is a few KiB; a huge one (from a hostile repo) is refused before it is read. */
    static final long MAX_BYTES = 16L << 20;

    public static HfConfig read(Path checkpointDir) {
        Path file = checkpointDir.resolve("config.json");
        try {
            org.w2sg.io.Untrusted.smallFile(file, MAX_BYTES, "config.json");
            JsonNode root = JSON.readTree(file.toFile());
            if (root == null || !root.isObject()) throw new UserException(file + ": not a JSON object");
            return new HfConfig(file, root);
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new UserException(checkpointDir + " has no config.json: is it a Hugging Face checkpoint folder?");
        } catch (IOException e) {
            if (!Files.exists(file)) {
                throw new UserException(checkpointDir + " has no config.json: is it a Hugging Face checkpoint folder?");
            }
            // Jackson's message runs over several lines and names a redacted source: keep its first line and the
            // location, which say what is wrong and where
            String where = e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null
                    ? " (line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr() + ")" : "";
            String what = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage()
                    : e.getMessage();
            throw new UnreadableFileException(file + ": cannot parse JSON" + where + ": " + what, e);
        }
    }

    public static HfConfig of(Path file, JsonNode root) {
        return new HfConfig(file, root);
    }

    public Path file() {
        return file;
    }

    public JsonNode json() {
        return root;
    }

    public String modelType() {
        JsonNode n = root.get("model_type");
        if (n == null || !n.isTextual()) throw bad("model_type", "is missing; it names the architecture (e.g. gpt_neox)");
        return n.asText();
    }

    public boolean has(String field) {
        JsonNode n = root.get(field);
        return n != null && !n.isNull();
    }

    public int requireInt(String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) throw bad(field, "is missing");
        if (!n.canConvertToInt() || !n.isIntegralNumber()) throw bad(field, "must be an integer, found " + n);
        int v = n.asInt();
        if (v <= 0) throw bad(field, "must be positive, found " + v);
        return v;
    }

    public int optInt(String field, int fallback) {
        return has(field) ? requireInt(field) : fallback;
    }

    public long optLong(String field, long fallback) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) return fallback;
        if (n.isArray() && !n.isEmpty()) n = n.get(0);
        if (!n.isIntegralNumber()) throw bad(field, "must be an integer, found " + n);
        return n.asLong();
    }

    /** The first of the given fields that is present (transformers renamed some fields over the years). */
    public double optDouble(double fallback, String... fields) {
        for (String field : fields) {
            JsonNode n = root.get(field);
            if (n == null || n.isNull()) continue;
            if (!n.isNumber()) throw bad(field, "must be a number, found " + n);
            return n.asDouble();
        }
        return fallback;
    }

    public Double optNullableDouble(String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isNumber()) throw bad(field, "must be a number or null, found " + n);
        return n.asDouble();
    }

    public boolean optBool(String field, boolean fallback) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) return fallback;
        if (!n.isBoolean()) throw bad(field, "must be true or false, found " + n);
        return n.asBoolean();
    }

    public String optText(String field, String fallback) {
        JsonNode n = root.get(field);
        return n == null || n.isNull() ? fallback : n.asText();
    }

    /** Rejects a field whose presence would change the computation in a way this harness does not implement. */
    public void requireNull(String field, String why) {
        if (has(field)) throw bad(field, "is " + root.get(field) + ", but " + why);
    }

    public void requireText(String field, String expected, String fallback) {
        String v = optText(field, fallback);
        if (!expected.equals(v)) throw bad(field, "is '" + v + "'; only '" + expected + "' is supported for this architecture");
    }

    public IllegalArgumentException bad(String field, String problem) {
        return new UserException(file + ": field '" + field + "' " + problem);
    }
}
