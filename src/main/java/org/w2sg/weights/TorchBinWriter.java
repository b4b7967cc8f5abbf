package org.w2sg.weights;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.w2sg.io.AtomicFiles;

/**
 * Writes a state dict of tensors in the format {@code torch.save} uses (torch >= 1.6): a zip archive whose root folder
 * (named after the file stem, as torch does) holds {@code data.pkl} (a protocol-2 pickle of an OrderedDict mapping each
 * name to {@code torch._utils._rebuild_tensor_v2(storage, 0, size, stride, False, OrderedDict())}), one uncompressed,
 * 64-byte aligned {@code data/<key>} entry per tensor with its little-endian bytes as stored, {@code version} and
 * {@code byteorder}. The bytes are copied, not converted, so a float16 tensor stays float16. For benchmarks and for
 * handing checkpoints to tools that want {@code pytorch_model.bin}.
 */
public final class TorchBinWriter {
    private static final Map<DType, String> STORAGE = Map.of(DType.F32, "FloatStorage", DType.F16, "HalfStorage",
            DType.BF16, "BFloat16Storage", DType.F64, "DoubleStorage", DType.I64, "LongStorage", DType.I32,
            "IntStorage", DType.I16, "ShortStorage", DType.I8, "CharStorage", DType.U8, "ByteStorage", DType.BOOL,
            "BoolStorage");
    private static final int ALIGNMENT = 64;

    private record Pending(String name, DType dtype, long[] shape, MemorySegment bytes) {}

    private final List<Pending> tensors = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    /** Adds a C-order tensor; {@code bytes} (little-endian, numel * dtype.bytes long) is read when {@link #write} runs. */
    public TorchBinWriter add(String name, DType dtype, long[] shape, MemorySegment bytes) {
        long numel = 1;
        for (long s : shape) numel = Math.multiplyExact(numel, s);
        if (bytes.byteSize() != numel * dtype.bytes) {
            throw new IllegalArgumentException("tensor '" + name + "': " + dtype + " " + java.util.Arrays.toString(shape)
                    + " needs " + numel * dtype.bytes + " bytes, got " + bytes.byteSize());
        }
        if (!names.add(name)) throw new IllegalArgumentException("tensor '" + name + "' added twice");
        tensors.add(new Pending(name, dtype, shape.clone(), bytes));
        return this;
    }

    /** Copies every tensor of a safetensors file, in its order and stored types. */
    public static void copy(SafetensorsStore source, Path target) throws IOException {
        TorchBinWriter w = new TorchBinWriter();
        for (String name : source.names()) {
            TensorInfo info = source.info(name);
            w.add(name, info.dtype(), info.shape(), source.raw(name));
        }
        w.write(target);
    }

    /** Writes the archive atomically; the root folder is the file name without its extension. */
    public void write(Path file) throws IOException {
        String stem = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        String root = stem.isEmpty() ? "archive" : stem;
        AtomicFiles.write(file, out -> writeArchive(out, root));
    }

    private void writeArchive(OutputStream out, String root) throws IOException {
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(new NonClosing(out))) {
            stored(zip, root + "/data.pkl", MemorySegment.ofArray(pickle()));
            stored(zip, root + "/byteorder", MemorySegment.ofArray("little".getBytes(StandardCharsets.US_ASCII)));
            for (int i = 0; i < tensors.size(); i++) stored(zip, root + "/data/" + i, tensors.get(i).bytes());
            stored(zip, root + "/version", MemorySegment.ofArray("3\n".getBytes(StandardCharsets.US_ASCII)));
            zip.finish();
        }
    }

    private static void stored(ZipArchiveOutputStream zip, String name, MemorySegment data) throws IOException {
        ZipArchiveEntry e = new ZipArchiveEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.byteSize());
        e.setCompressedSize(data.byteSize());
        e.setAlignment(ALIGNMENT);
        CRC32 crc = new CRC32();
        forChunks(data, crc::update);
        e.setCrc(crc.getValue());
        zip.putArchiveEntry(e);
        forChunks(data, zip::write);
        zip.closeArchiveEntry();
    }

    @FunctionalInterface
    private interface Chunk {
        void accept(byte[] b, int off, int len) throws IOException;
    }

    private static void forChunks(MemorySegment data, Chunk sink) throws IOException {
        byte[] buf = new byte[1 << 20];
        for (long at = 0; at < data.byteSize(); at += buf.length) {
            int n = (int) Math.min(buf.length, data.byteSize() - at);
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, at, buf, 0, n);
            sink.accept(buf, 0, n);
        }
    }

    /** The state dict as CPython's pickler (protocol 2) writes it for torch.save, opcode by opcode. */
    private byte[] pickle() {
        Pickle p = new Pickle();
        p.op(0x80, 2).global("collections", "OrderedDict").op(')').op('R').op('(');
        for (int i = 0; i < tensors.size(); i++) {
            Pending t = tensors.get(i);
            long numel = t.bytes().byteSize() / t.dtype().bytes;
            long[] stride = new long[t.shape().length];
            long s = 1;
            for (int d = stride.length - 1; d >= 0; d--) {
                stride[d] = s;
                s *= t.shape()[d];
            }
            p.str(t.name());
            p.global("torch._utils", "_rebuild_tensor_v2").op('(');
            p.op('(').str("storage").global("torch", STORAGE.get(t.dtype())).str(Integer.toString(i)).str("cpu")
                    .integer(numel).op('t').op('Q');
            p.integer(0).ints(t.shape()).ints(stride).op(0x89);
            p.global("collections", "OrderedDict").op(')').op('R');
            p.op('t').op('R');
        }
        p.op('u').op('.');
        return p.out.toByteArray();
    }

    private static final class Pickle {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Pickle op(int... bytes) {
            for (int b : bytes) out.write(b);
            return this;
        }

        Pickle global(String module, String name) {
            op('c');
            out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
            return this;
        }

        Pickle str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            op('X');
            le(b.length, 4);
            out.writeBytes(b);
            return this;
        }

        /** BININT for 32-bit values, LONG1 (8 bytes, two's complement) beyond. */
        Pickle integer(long v) {
            if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                op('J');
                le(v, 4);
            } else {
                op(0x8a, 8);
                le(v, 8);
            }
            return this;
        }

        Pickle ints(long[] v) {
            op('(');
            for (long x : v) integer(x);
            return op('t');
        }

        private void le(long v, int bytes) {
            for (int i = 0; i < bytes; i++) out.write((int) (v >>> (8 * i)) & 0xff);
        }
    }

    /** AtomicFiles closes the stream itself after fsync; the zip stream must not close it first. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
