package org.w2sg.weights;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One {@code .safetensors} file, memory-mapped: an 8-byte little-endian header length, a JSON header
 * {@code {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {...}}}, then the raw little-endian
 * tensor bytes, offsets counted from the end of the header. Every offset is checked against the file before any
 * tensor is read, so a truncated or lying file fails at open with the file and tensor named.
 */
public final class SafetensorsStore implements TensorStore {
    /** The reference implementation refuses headers above 100 MB; a larger length means a corrupt or foreign file. */
    static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Entry(TensorInfo info, long begin, long end) {}

    private final MappedFile file;
    private final long dataStart;
    private final Map<String, Entry> entries;
    private final Map<String, String> metadata;

    private SafetensorsStore(MappedFile file, long dataStart, Map<String, Entry> entries, Map<String, String> metadata) {
        this.file = file;
        this.dataStart = dataStart;
        this.entries = entries;
        this.metadata = metadata;
    }

    public static SafetensorsStore open(Path path) {
        MappedFile mapped = MappedFile.map(path);
        try {
            return parse(mapped);
        } catch (RuntimeException e) {
            mapped.close();
            throw e;
        }
    }

    private static SafetensorsStore parse(MappedFile mapped) {
        Path path = mapped.path;
        long size = mapped.size();
        if (size < 8) {
            throw new WeightsException(path + ": truncated safetensors file: " + size
                    + " bytes, shorter than the 8-byte header length that starts the format");
        }
        long headerLen = mapped.segment.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
        if (headerLen < 2 || headerLen > MAX_HEADER_BYTES) {
            throw new WeightsException(path + ": header length " + Long.toUnsignedString(headerLen)
                    + " is absurd (must be 2.." + MAX_HEADER_BYTES + " bytes); not a safetensors file, or corrupted");
        }
        if (8 + headerLen > size) {
            throw new WeightsException(path + ": truncated safetensors file: the header says it is " + headerLen
                    + " bytes but only " + (size - 8) + " bytes follow the length field");
        }
        byte[] headerBytes = mapped.segment.asSlice(8, headerLen).toArray(ValueLayout.JAVA_BYTE);
        JsonNode root;
        try {
            root = JSON.readTree(headerBytes);
        } catch (JsonProcessingException e) {
            throw new WeightsException(path + ": safetensors header is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (java.io.IOException e) {
            throw new WeightsException(path + ": safetensors header cannot be read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new WeightsException(path + ": safetensors header is not a JSON object");
        }
        long dataStart = 8 + headerLen;
        long dataBytes = size - dataStart;
        Map<String, Entry> entries = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        var fields = root.properties().iterator();
        while (fields.hasNext()) {
            var f = fields.next();
            String name = f.getKey();
            JsonNode node = f.getValue();
            if (name.equals("__metadata__")) {
                if (node.isObject()) node.properties().forEach(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            Entry e = entry(path, name, node, dataBytes);
            if (!NonWeightBuffers.isIgnored(name)) entries.put(name, e);
        }
        return new SafetensorsStore(mapped, dataStart, Collections.unmodifiableMap(entries),
                Collections.unmodifiableMap(metadata));
    }

    private static Entry entry(Path path, String name, JsonNode node, long dataBytes) {
        String where = path + ": tensor '" + name + "'";
        if (!node.isObject() || !node.path("dtype").isTextual() || !node.path("shape").isArray()
                || !node.path("data_offsets").isArray() || node.path("data_offsets").size() != 2) {
            throw new WeightsException(where + ": header entry must have dtype, shape and data_offsets [begin, end]; got "
                    + node);
        }
        DType dtype = DType.fromSafetensors(node.get("dtype").asText(), path.toString(), name);
        JsonNode shapeNode = node.get("shape");
        long[] shape = new long[shapeNode.size()];
        long numel = 1;
        try {
            for (int i = 0; i < shape.length; i++) {
                JsonNode d = shapeNode.get(i);
                if (!d.canConvertToLong() || d.asLong() < 0) {
                    throw new WeightsException(where + ": shape " + shapeNode + " is not a list of non-negative integers");
                }
                shape[i] = d.asLong();
                numel = Math.multiplyExact(numel, shape[i]);
            }
            long need = Math.multiplyExact(numel, dtype.bytes);
            JsonNode offs = node.get("data_offsets");
            if (!offs.get(0).canConvertToLong() || !offs.get(1).canConvertToLong()) {
                throw new WeightsException(where + ": data_offsets " + offs + " are not integers");
            }
            long begin = offs.get(0).asLong();
            long end = offs.get(1).asLong();
            if (begin < 0 || end < begin) {
                throw new WeightsException(where + ": data_offsets " + offs + " are not an increasing pair of byte offsets");
            }
            if (end - begin != need) {
                throw new WeightsException(where + ": data_offsets " + offs + " span " + (end - begin) + " bytes but "
                        + dtype + " " + java.util.Arrays.toString(shape) + " needs " + need + " bytes");
            }
            if (end > dataBytes) {
                throw new WeightsException(where + " ends at data byte " + end + " but only " + dataBytes
                        + " bytes of data follow the header: the file is truncated or its header points past the end");
            }
            return new Entry(new TensorInfo(name, dtype, shape, path), begin, end);
        } catch (ArithmeticException e) {
            throw new WeightsException(where + ": shape " + shapeNode + " overflows a 64-bit byte count");
        }
    }

    public Path path() {
        return file.path;
    }

    /** The header's {@code __metadata__} (e.g. {@code format: pt}); empty when absent. */
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public Set<String> names() {
        return entries.keySet();
    }

    @Override
    public TensorInfo info(String name) {
        return entry(name).info();
    }

    private Entry entry(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new WeightsException(file.path + ": no tensor '" + name + "'; "
                    + SimilarNames.suggest(name, entries.keySet()));
        }
        return e;
    }

    /** The tensor's bytes exactly as stored (little-endian), a view into the mapping valid until {@link #close}. */
    public MemorySegment raw(String name) {
        Entry e = entry(name);
        return file.segment.asSlice(dataStart + e.begin(), e.end() - e.begin());
    }

    @Override
    public void float32Into(String name, ByteBuffer dst) {
        Entry e = entry(name);
        Float32Output.checkType(e.info());
        Widening.toFloat32(e.info().dtype(), raw(name), 0, Float32Output.target(e.info(), dst), 0, e.info().numel());
        Float32Output.advance(e.info(), dst);
    }

    @Override
    public void release(String name) {
        file.unload(dataStart + entry(name).begin(), entry(name).end() - entry(name).begin());
    }

    @Override
    public long storedBytes() {
        long n = 0;
        for (Entry e : entries.values()) n += e.end() - e.begin();
        return n;
    }

    @Override
    public void close() {
        file.close();
    }

    @Override
    public String toString() {
        return "SafetensorsStore[" + file.path + ", " + entries.size() + " tensors]";
    }
}
