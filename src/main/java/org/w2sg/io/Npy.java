package org.w2sg.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w2sg.errors.UserException;

/**
 * NumPy .npy (format 1.0/2.0/3.0) reader and float32/int64 writer: the array format handed to users, so numpy's
 * {@code np.load} reads everything the harness stores.
 */
public final class Npy {
    private Npy() {}

    /** An array read from .npy, widened to double or kept as the raw type it had. */
    public record Array(String dtype, long[] shape, float[] floats, long[] longs) {
        public long size() {
            long n = 1;
            for (long s : shape) n *= s;
            return n;
        }

        public int dim(int i) {
            return Math.toIntExact(shape[i]);
        }
    }

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    public static Array read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        ByteBuffer buf = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        if (all.length < 10 || (all[0] & 0xff) != 0x93 || !new String(all, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
            throw new UserException(file + ": not a .npy file (missing \\x93NUMPY magic)");
        }
        int major = all[6];
        int headerLen;
        int offset;
        if (major == 1) {
            headerLen = Short.toUnsignedInt(buf.getShort(8));
            offset = 10;
        } else {
            headerLen = buf.getInt(8);
            offset = 12;
        }
        if (offset + headerLen > all.length) {
            throw new UserException(file + ": .npy header length " + headerLen + " runs past the end of the file");
        }
        String header = new String(all, offset, headerLen, StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, file, "descr");
        if (group(FORTRAN, header, file, "fortran_order").equals("True")) {
            throw new UserException(file + ": Fortran-order arrays are not supported; save with np.ascontiguousarray");
        }
        String shapeText = group(SHAPE, header, file, "shape").trim();
        long[] shape = shapeText.isEmpty() ? new long[0]
                : Arrays.stream(shapeText.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .mapToLong(Long::parseLong).toArray();
        long n = 1;
        for (long s : shape) n *= s;
        int data = offset + headerLen;
        ByteBuffer body = ByteBuffer.wrap(all, data, all.length - data).slice().order(ByteOrder.LITTLE_ENDIAN);
        int itemSize = switch (descr) {
            case "<f4", "<i4" -> 4;
            case "<f8", "<i8" -> 8;
            default -> throw new UserException(file + ": unsupported dtype '" + descr + "' (expected <f4, <f8, <i4 or <i8)");
        };
        if ((long) body.remaining() < n * itemSize) {
            throw new UserException(file + ": truncated: shape " + Arrays.toString(shape) + " needs " + n * itemSize
                    + " bytes, file has " + body.remaining());
        }
        int count = Math.toIntExact(n);
        return switch (descr) {
            case "<f4" -> {
                float[] f = new float[count];
                body.asFloatBuffer().get(f);
                yield new Array(descr, shape, f, null);
            }
            case "<f8" -> {
                float[] f = new float[count];
                for (int i = 0; i < count; i++) f[i] = (float) body.getDouble(i * 8);
                yield new Array(descr, shape, f, null);
            }
            case "<i4" -> {
                long[] l = new long[count];
                for (int i = 0; i < count; i++) l[i] = body.getInt(i * 4);
                yield new Array(descr, shape, null, l);
            }
            default -> {
                long[] l = new long[count];
                body.asLongBuffer().get(l);
                yield new Array(descr, shape, null, l);
            }
        };
    }

    private static String group(Pattern p, String header, Path file, String field) throws IOException {
        Matcher m = p.matcher(header);
        if (!m.find()) throw new UserException(file + ": .npy header has no '" + field + "' field: " + header.trim());
        return m.group(1);
    }

    public static void writeFloat32(Path file, float[] data, long... shape) throws IOException {
        checkSize(data.length, shape);
        AtomicFiles.write(file, out -> {
            writeHeader(out, "<f4", shape);
            ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : data) {
                if (!b.hasRemaining()) flush(out, b);
                b.putFloat(v);
            }
            flush(out, b);
        });
    }

    public static void writeInt64(Path file, long[] data, long... shape) throws IOException {
        checkSize(data.length, shape);
        AtomicFiles.write(file, out -> {
            writeHeader(out, "<i8", shape);
            ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (long v : data) {
                if (!b.hasRemaining()) flush(out, b);
                b.putLong(v);
            }
            flush(out, b);
        });
    }

    private static void flush(OutputStream out, ByteBuffer b) throws IOException {
        out.write(b.array(), 0, b.position());
        b.clear();
    }

    private static void checkSize(long length, long[] shape) {
        long n = 1;
        for (long s : shape) n *= s;
        if (n != length) {
            throw new IllegalArgumentException("array of " + length + " values does not fit shape " + Arrays.toString(shape));
        }
    }

    /** Writes the version 1.0 header, padded so the data starts on a 64-byte boundary as numpy does. */
    public static void writeHeader(OutputStream out, String descr, long[] shape) throws IOException {
        StringBuilder s = new StringBuilder("{'descr': '").append(descr).append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            s.append(shape[i]);
            if (shape.length == 1 || i < shape.length - 1) s.append(shape.length == 1 ? "," : ", ");
        }
        s.append("), }");
        int total = 10 + s.length() + 1;
        int pad = (64 - total % 64) % 64;
        s.append(" ".repeat(pad)).append('\n');
        byte[] h = s.toString().getBytes(StandardCharsets.US_ASCII);
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) (h.length & 0xff), (byte) (h.length >> 8)});
        out.write(h);
    }
}
