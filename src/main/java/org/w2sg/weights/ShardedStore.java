package org.w2sg.weights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A checkpoint split over several files, as Hugging Face saves large models: an index JSON
 * ({@code model.safetensors.index.json} or {@code pytorch_model.bin.index.json}) whose {@code weight_map} names the
 * shard file of every tensor. All shards are opened (and so validated) up front.
 */
public final class ShardedStore implements TensorStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path index;
    private final List<TensorStore> shards;
    private final Map<String, TensorStore> route;

    private ShardedStore(Path index, List<TensorStore> shards, Map<String, TensorStore> route) {
        this.index = index;
        this.shards = shards;
        this.route = route;
    }

    /** Opens the index and every shard it names with {@code opener} (e.g. {@code SafetensorsStore::open}). */
    public static ShardedStore open(Path index, Function<Path, TensorStore> opener) {
        Map<String, String> weightMap = readWeightMap(index);
        Path dir = index.toAbsolutePath().normalize().getParent();
        Map<String, TensorStore> byFile = new LinkedHashMap<>();
        List<TensorStore> opened = new ArrayList<>();
        try {
            for (var e : weightMap.entrySet()) {
                String shardName = e.getValue();
                if (byFile.containsKey(shardName)) continue;
                Path shard = dir.resolve(shardName).normalize();
                if (!shard.startsWith(dir)) {
                    throw new WeightsException(index + ": shard '" + shardName + "' (for tensor '" + e.getKey()
                            + "') lies outside the checkpoint folder");
                }
                if (!Files.isRegularFile(shard)) {
                    long count = weightMap.values().stream().filter(shardName::equals).count();
                    throw new WeightsException(index + " names shard '" + shardName + "' (holding tensor '"
                            + e.getKey() + "'" + (count > 1 ? " and " + (count - 1) + " more" : "") + ") but "
                            + shard + " does not exist: the download is incomplete; fetch the missing shard");
                }
                TensorStore store = opener.apply(shard);
                opened.add(store);
                byFile.put(shardName, store);
            }
            Map<String, TensorStore> route = new LinkedHashMap<>();
            for (var e : weightMap.entrySet()) {
                String name = e.getKey();
                if (NonWeightBuffers.isIgnored(name)) continue;
                TensorStore store = byFile.get(e.getValue());
                if (!store.contains(name)) {
                    throw new WeightsException(index + " says tensor '" + name + "' is in shard '" + e.getValue()
                            + "', but that file does not contain it; "
                            + SimilarNames.suggest(name, store.names()));
                }
                route.put(name, store);
            }
            // Tensors a shard holds that the map forgot still belong to the checkpoint (transformers loads them too).
            for (TensorStore store : opened) {
                for (String name : store.names()) route.putIfAbsent(name, store);
            }
            return new ShardedStore(index, List.copyOf(opened), Collections.unmodifiableMap(route));
        } catch (RuntimeException e) {
            for (TensorStore s : opened) s.close();
            throw e;
        }
    }

    private static Map<String, String> readWeightMap(Path index) {
        JsonNode root;
        try {
            root = JSON.readTree(index.toFile());
        } catch (IOException e) {
            throw new WeightsException(index + ": cannot read the shard index: " + e.getMessage(), e);
        }
        JsonNode map = root == null ? null : root.get("weight_map");
        if (map == null || !map.isObject() || map.isEmpty()) {
            throw new WeightsException(index + ": shard index has no \"weight_map\" object naming each tensor's file");
        }
        Map<String, String> out = new LinkedHashMap<>();
        var it = map.properties().iterator();
        while (it.hasNext()) {
            var f = it.next();
            if (!f.getValue().isTextual()) {
                throw new WeightsException(index + ": weight_map entry for tensor '" + f.getKey()
                        + "' is " + f.getValue() + ", not a file name");
            }
            out.put(f.getKey(), f.getValue().asText());
        }
        return out;
    }

    public Path index() {
        return index;
    }

    @Override
    public Set<String> names() {
        return route.keySet();
    }

    private TensorStore shardOf(String name) {
        TensorStore s = route.get(name);
        if (s == null) {
            throw new WeightsException(index + ": no tensor '" + name + "' in any shard; "
                    + SimilarNames.suggest(name, route.keySet()));
        }
        return s;
    }

    @Override
    public TensorInfo info(String name) {
        return shardOf(name).info(name);
    }

    @Override
    public ByteBuffer float32(String name) {
        return shardOf(name).float32(name);
    }

    @Override
    public void float32Into(String name, ByteBuffer dst) {
        shardOf(name).float32Into(name, dst);
    }

    @Override
    public void release(String name) {
        shardOf(name).release(name);
    }

    @Override
    public long storedBytes() {
        long n = 0;
        for (TensorStore s : shards) n += s.storedBytes();
        return n;
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (TensorStore s : shards) {
            try {
                s.close();
            } catch (RuntimeException e) {
                if (first == null) first = e;
            }
        }
        if (first != null) throw first;
    }

    @Override
    public String toString() {
        return "ShardedStore[" + index + ", " + shards.size() + " shards, " + route.size() + " tensors]";
    }
}
