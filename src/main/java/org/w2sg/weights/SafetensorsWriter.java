package org.w2sg.weights;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.w2sg.io.AtomicFiles;

/**
 * Writes a {@code .safetensors} file from float32 values, stored as F32, F16 or BF16 (round to nearest even). The
 * header is written first from the declared names and shapes; each tensor's values are then asked for, converted and
 * streamed one tensor at a time, so a multi-gigabyte model never sits in memory whole. The file appears atomically.
 *
 * <pre>{@code
 * new SafetensorsWriter(DType.F16)
 *     .add("embed.weight", new long[] {vocab, hidden}, () -> randomFloats(vocab * hidden))
 *     .write(dir.resolve("model.safetensors"));
 * }</pre>
 */
public final class SafetensorsWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CHUNK = 1 << 16;

    private record Pending(String name, long[] shape, DType dtype, Supplier<float[]> values) {
        long numel() {
            long n = 1;
            for (long s : shape) n = Math.multiplyExact(n, s);
            return n;
        }
    }

    private final DType defaultType;
    private final List<Pending> tensors = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    private final Map<String, String> metadata = new LinkedHashMap<>(Map.of("format", "pt"));

    /** @param dtype storage type for tensors added without one: F32, F16 or BF16 */
    public SafetensorsWriter(DType dtype) {
        checkType(dtype);
        this.defaultType = dtype;
    }

    public SafetensorsWriter add(String name, long[] shape, float[] values) {
        return add(name, shape, defaultType, () -> values);
    }

    /** {@code values} is called once, while the file is written, and must return exactly numel(shape) floats. */
    public SafetensorsWriter add(String name, long[] shape, Supplier<float[]> values) {
        return add(name, shape, defaultType, values);
    }

    public SafetensorsWriter add(String name, long[] shape, DType dtype, Supplier<float[]> values) {
        checkType(dtype);
        if (name.equals("__metadata__") || !seen.add(name)) {
            throw new IllegalArgumentException("tensor name '" + name + "' is reserved or already added");
        }
        for (long s : shape) {
            if (s < 0) throw new IllegalArgumentException("tensor '" + name + "': negative dimension in " + Arrays.toString(shape));
        }
        tensors.add(new Pending(name, shape.clone(), dtype, values));
        return this;
    }

    /** Extra {@code __metadata__} strings; {@code format: pt} is always present (transformers requires it). */
    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    public void write(Path target) throws IOException {
        byte[] header = header();
        AtomicFiles.write(target, out -> {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
            out.write(len.array());
            out.write(header);
            for (Pending t : tensors) writeData(out, t);
        });
    }

    private byte[] header() throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode meta = root.putObject("__metadata__");
        metadata.forEach(meta::put);
        long offset = 0;
        for (Pending t : tensors) {
            ObjectNode n = root.putObject(t.name());
            n.put("dtype", t.dtype().name());
            ArrayNode shape = n.putArray("shape");
            for (long s : t.shape()) shape.add(s);
            long bytes = Math.multiplyExact(t.numel(), t.dtype().bytes);
            ArrayNode offs = n.putArray("data_offsets");
            offs.add(offset);
            offs.add(offset + bytes);
            offset += bytes;
        }
        byte[] json = JSON.writeValueAsBytes(root);
        // Tensor data starts 8-byte aligned, as the reference writer pads the header with spaces.
        int padded = (json.length + 7) & ~7;
        byte[] out = Arrays.copyOf(json, padded);
        Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }

    private static void writeData(OutputStream out, Pending t) throws IOException {
        float[] v = t.values().get();
        if (v == null || v.length != t.numel()) {
            throw new IllegalArgumentException("tensor '" + t.name() + "' declared shape " + Arrays.toString(t.shape())
                    + " (" + t.numel() + " values) but supplied " + (v == null ? "null" : v.length + " values"));
        }
        ByteBuffer buf = ByteBuffer.allocate(CHUNK * t.dtype().bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int start = 0; start < v.length; start += CHUNK) {
            int end = Math.min(v.length, start + CHUNK);
            buf.clear();
            switch (t.dtype()) {
                case F32 -> { for (int i = start; i < end; i++) buf.putFloat(v[i]); }
                case F16 -> { for (int i = start; i < end; i++) buf.putShort(Float.floatToFloat16(v[i])); }
                case BF16 -> { for (int i = start; i < end; i++) buf.putShort(toBf16(v[i])); }
                default -> throw new IllegalStateException(t.dtype().name());
            }
            out.write(buf.array(), 0, buf.position());
        }
    }

    /** float32 to bfloat16 bits, round to nearest even; NaN stays a (quiet) NaN. */
    static short toBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) return (short) ((bits >>> 16) | 0x0040);
        int rounding = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }

    private static void checkType(DType dtype) {
        if (!dtype.widensToFloat32()) {
            throw new IllegalArgumentException("SafetensorsWriter stores F32, F16 or BF16, not " + dtype);
        }
    }
}
