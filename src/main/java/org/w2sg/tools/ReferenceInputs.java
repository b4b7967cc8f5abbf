package org.w2sg.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.w2sg.errors.UserException;
import org.w2sg.model.TokenBatch;

/**
 * The reference fixtures' inputs.json: per padding variant, input_ids / attention_mask / position_ids as
 * [batch][seq] integer arrays.
 */
public final class ReferenceInputs {
    private ReferenceInputs() {}

    public static TokenBatch read(Path inputsJson, String variant) throws IOException {
        if (!java.nio.file.Files.isRegularFile(inputsJson)) {
            throw new UserException("inputs file " + inputsJson + " does not exist");
        }
        JsonNode root = new ObjectMapper().readTree(inputsJson.toFile());
        JsonNode variants = root.path("variants");
        JsonNode v = variants.get(variant);
        if (v == null) {
            List<String> names = new ArrayList<>();
            variants.fieldNames().forEachRemaining(names::add);
            throw new UserException(inputsJson + " has no variant '" + variant + "'; it has: "
                    + (names.isEmpty() ? "none (expected an object 'variants')" : String.join(", ", names)));
        }
        long[][] ids = matrix(v, "input_ids", inputsJson, variant);
        long[][] mask = matrix(v, "attention_mask", inputsJson, variant);
        long[][] pos = v.has("position_ids") ? matrix(v, "position_ids", inputsJson, variant) : null;
        int b = ids.length;
        int s = ids[0].length;
        long[] flatIds = new long[b * s];
        long[] flatMask = new long[b * s];
        long[] flatPos = new long[b * s];
        for (int i = 0; i < b; i++) {
            if (ids[i].length != s || mask.length != b || mask[i].length != s || (pos != null && pos[i].length != s)) {
                throw new UserException(inputsJson + ": variant '" + variant
                        + "': input_ids, attention_mask and position_ids must all be [" + b + "][" + s + "]");
            }
            for (int t = 0; t < s; t++) {
                flatIds[i * s + t] = ids[i][t];
                flatMask[i * s + t] = mask[i][t];
                flatPos[i * s + t] = pos != null ? pos[i][t] : t;
            }
        }
        return new TokenBatch(b, s, flatIds, flatMask, flatPos);
    }

    private static long[][] matrix(JsonNode v, String field, Path file, String variant) {
        JsonNode rows = v.get(field);
        if (rows == null || !rows.isArray() || rows.isEmpty() || !rows.get(0).isArray() || rows.get(0).isEmpty()) {
            throw new UserException(file + ": variant '" + variant + "' field '" + field
                    + "' must be a non-empty [batch][seq] array of integers");
        }
        long[][] out = new long[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            out[i] = new long[row.size()];
            for (int t = 0; t < row.size(); t++) {
                if (!row.get(t).isIntegralNumber()) {
                    throw new UserException(file + ": variant '" + variant + "' field '" + field + "' ["
                            + i + "][" + t + "] is " + row.get(t) + ", not an integer");
                }
                out[i][t] = row.get(t).asLong();
            }
        }
        return out;
    }
}
