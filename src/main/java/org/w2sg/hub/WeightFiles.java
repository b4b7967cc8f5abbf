package org.w2sg.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.w2sg.errors.UserException;
import org.w2sg.io.Untrusted;

/**
 * Which files of a checkpoint revision the harness needs: the weights (model.safetensors, pytorch_model.bin, or
 * either sharded by its index json), config.json, and the tokenizer files.
 */
public final class WeightFiles {
    private WeightFiles() {}

    public static final String CONFIG = "config.json";
    public static final List<String> SAFETENSORS = List.of("model.safetensors", "model.safetensors.index.json");
    public static final List<String> BIN = List.of("pytorch_model.bin", "pytorch_model.bin.index.json");
    /** Small files fetched beside the weights when the revision has them. */
    public static final List<String> COMPANIONS = List.of("generation_config.json", "tokenizer.json",
            "tokenizer_config.json", "special_tokens_map.json");

    /** {@code --weights}: auto (safetensors first), safetensors, or bin. */
    public static WeightFormat parseFormat(String s) {
        if (s == null) return WeightFormat.AUTO;
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "auto" -> WeightFormat.AUTO;
            case "safetensors" -> WeightFormat.SAFETENSORS;
            case "bin", "torch", "pytorch" -> WeightFormat.BIN;
            default -> throw new UserException("--weights must be auto, safetensors or bin, got '" + s + "'");
        };
    }

    /** The weights entry point the revision has: a single file or an index json, in the order the format prefers. */
    public static Optional<String> primary(Collection<String> files, WeightFormat format) {
        List<String> order = new ArrayList<>();
        switch (format) {
            case SAFETENSORS -> order.addAll(SAFETENSORS);
            case BIN -> order.addAll(BIN);
            case AUTO -> {
                order.addAll(SAFETENSORS);
                order.addAll(BIN);
            }
        }
        for (String f : order) if (files.contains(f)) return Optional.of(f);
        return Optional.empty();
    }

    public static boolean isIndex(String file) {
        return file.endsWith(".index.json");
    }

    /** An index json is a few hundred KiB even for the largest models. */
    static final long MAX_INDEX_BYTES = 64L << 20;

    /**
     * The shard files an index json names in its weight_map, sorted, without duplicates; each must be a plain
     * relative file name (it becomes a path in the snapshot folder).
     */
    public static List<String> shards(Path index) throws IOException {
        return shards(index, index.toString());
    }

    /** As {@link #shards(Path)}; {@code where} names the index in messages ({@code ORG/NAME@REV: FILE}). */
    static List<String> shards(Path index, String where) throws IOException {
        JsonNode root;
        Untrusted.smallFile(index, MAX_INDEX_BYTES, "weights index");
        try {
            root = new ObjectMapper().readTree(index.toFile());
        } catch (IOException e) {
            throw new HubException(index + " is not valid JSON: " + e.getMessage());
        }
        JsonNode map = root.path("weight_map");
        if (!map.isObject() || map.isEmpty())
            throw new HubException(index + " has no weight_map: cannot tell which shard files hold the weights");
        TreeSet<String> out = new TreeSet<>();
        map.properties().forEach(e -> out.add(Untrusted.relativeFile(where, "the shard named in weight_map for "
                + Untrusted.quote(e.getKey()), e.getValue().isTextual() ? e.getValue().asText() : null)));
        return List.copyOf(out);
    }

    /** A human list of what a revision offers, for "no weights" errors. */
    static String describe(Collection<String> files) {
        List<String> sorted = new ArrayList<>(new TreeSet<>(files));
        return sorted.size() <= 12 ? String.join(", ", sorted) : String.join(", ", sorted.subList(0, 12)) + " …";
    }
}
