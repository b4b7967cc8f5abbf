package org.w2sg.extract;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads only the shape and dtype from a .npy header, to check a store file without loading it. */
final class NpyShape {
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");

    private NpyShape() {}

    record Header(String dtype, long[] shape, long dataOffset) {}

    static Header read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] pre = in.readNBytes(12);
            if (pre.length < 10 || (pre[0] & 0xff) != 0x93 || pre[1] != 'N') throw new IOException(file + ": not a .npy file");
            int major = pre[6];
            int len = major == 1 ? (pre[8] & 0xff) | (pre[9] & 0xff) << 8
                    : (pre[8] & 0xff) | (pre[9] & 0xff) << 8 | (pre[10] & 0xff) << 16 | (pre[11] & 0xff) << 24;
            int offset = major == 1 ? 10 : 12;
            byte[] rest = in.readNBytes(offset + len - pre.length);
            byte[] all = new byte[offset + len];
            System.arraycopy(pre, 0, all, 0, pre.length);
            System.arraycopy(rest, 0, all, pre.length, rest.length);
            String header = new String(all, offset, len, StandardCharsets.ISO_8859_1);
            Matcher s = SHAPE.matcher(header);
            Matcher d = DESCR.matcher(header);
            if (!s.find() || !d.find()) throw new IOException(file + ": .npy header without shape or descr");
            long[] shape = Arrays.stream(s.group(1).split(",")).map(String::trim).filter(x -> !x.isEmpty())
                    .mapToLong(Long::parseLong).toArray();
            return new Header(d.group(1), shape, offset + len);
        }
    }

    /** True when {@code file} is a complete .npy of {@code dtype} with at least {@code rows} rows of {@code width}. */
    static boolean holds(Path file, String dtype, long rows, long width) {
        try {
            if (!Files.isRegularFile(file)) return false;
            Header h = read(file);
            if (!h.dtype().equals(dtype) || h.shape().length == 0 || h.shape()[0] < rows) return false;
            long perRow = 1;
            for (int i = 1; i < h.shape().length; i++) perRow *= h.shape()[i];
            if (width >= 0 && perRow != width) return false;
            int item = dtype.endsWith("8") ? 8 : 4;
            return Files.size(file) >= h.dataOffset() + h.shape()[0] * perRow * item;
        } catch (IOException e) {
            return false;
        }
    }
}
