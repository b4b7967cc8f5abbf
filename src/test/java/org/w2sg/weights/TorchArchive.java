package org.w2sg.weights;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Hand-built torch.save archives for tests: a pickle assembled opcode by opcode, plus raw storages. */
final class TorchArchive {
    /** Pickle bytes, written opcode by opcode as CPython's pickler (protocol 2) would. */
    static final class Pickle {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Pickle op(int... bytes) {
            for (int b : bytes) out.write(b);
            return this;
        }

        Pickle proto(int p) {
            return op(0x80, p);
        }

        Pickle global(String module, String name) {
            op('c');
            out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
            return this;
        }

        Pickle str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            op('X', b.length & 0xff, (b.length >> 8) & 0xff, (b.length >> 16) & 0xff, b.length >>> 24);
            out.writeBytes(b);
            return this;
        }

        Pickle shortStr(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            op(0x8c, b.length);
            out.writeBytes(b);
            return this;
        }

        Pickle integer(long v) {
            return op('J', (int) v & 0xff, (int) (v >> 8) & 0xff, (int) (v >> 16) & 0xff, (int) (v >> 24) & 0xff);
        }

        Pickle mark() { return op('('); }
        Pickle tuple() { return op('t'); }
        Pickle emptyTuple() { return op(')'); }
        Pickle emptyDict() { return op('}'); }
        Pickle reduce() { return op('R'); }
        Pickle persid() { return op('Q'); }
        Pickle setitems() { return op('u'); }
        Pickle newFalse() { return op(0x89); }
        Pickle stop() { return op('.'); }

        Pickle ints(long... v) {
            mark();
            for (long x : v) integer(x);
            return tuple();
        }

        /** {@code _rebuild_tensor_v2(storage(type, key, numel), offset, size, stride, False, OrderedDict())}. */
        Pickle tensor(String storageType, String key, long numel, long offset, long[] size, long[] stride) {
            global("torch._utils", "_rebuild_tensor_v2");
            mark();
            mark().str("storage").global("torch", storageType).str(key).str("cpu").integer(numel).tuple().persid();
            integer(offset).ints(size).ints(stride).newFalse();
            global("collections", "OrderedDict").emptyTuple().reduce();
            tuple();
            return reduce();
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    private final Map<String, byte[]> entries = new LinkedHashMap<>();
    private final String root;

    TorchArchive(String root) {
        this.root = root;
    }

    TorchArchive pickle(Pickle p) {
        entries.put(root + "/data.pkl", p.bytes());
        return this;
    }

    TorchArchive storage(String key, byte[] data) {
        entries.put(root + "/data/" + key, data);
        return this;
    }

    void write(Path file, boolean compress) throws IOException {
        entries.putIfAbsent(root + "/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            for (var e : entries.entrySet()) {
                ZipEntry z = new ZipEntry(e.getKey());
                if (!compress) {
                    CRC32 crc = new CRC32();
                    crc.update(e.getValue());
                    z.setMethod(ZipEntry.STORED);
                    z.setSize(e.getValue().length);
                    z.setCompressedSize(e.getValue().length);
                    z.setCrc(crc.getValue());
                } else {
                    z.setMethod(ZipEntry.DEFLATED);
                }
                zip.putNextEntry(z);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
    }
}
