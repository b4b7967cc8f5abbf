package org.w2sg.weights;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.w2sg.weights.RestrictedUnpickler.StorageRef;
import org.w2sg.weights.RestrictedUnpickler.TensorRef;

/**
 * A torch {@code .bin} as {@code torch.save} writes it (torch >= 1.6): a zip archive with one root folder (named
 * {@code archive/} or after the file stem, e.g. {@code pytorch_model/}) holding {@code data.pkl}, the pickled state
 * dict, and {@code data/<key>}, one raw little-endian storage per key. The pickle is read by
 * {@link RestrictedUnpickler}, which never executes anything; torch stores the data entries uncompressed and
 * 64-byte aligned, so tensors are read straight from a memory mapping of the whole file (compressed entries, which
 * torch never writes but other zip tools might, are inflated on demand).
 */
public final class TorchBinStore implements TensorStore {
    private record Storage(StorageRef ref, ZipArchiveEntry entry, long bytes) {}

    private record Tensor(TensorInfo info, Storage storage, long offset, long[] stride) {}

    private final Path path;
    private final MappedFile mapped;
    private final ZipFile zip;
    private final Map<String, Tensor> tensors;

    private TorchBinStore(Path path, MappedFile mapped, ZipFile zip, Map<String, Tensor> tensors) {
        this.path = path;
        this.mapped = mapped;
        this.zip = zip;
        this.tensors = tensors;
    }

    public static TorchBinStore open(Path path) {
        checkMagic(path);
        ZipFile zip;
        try {
            zip = ZipFile.builder().setPath(path).get();
        } catch (IOException | RuntimeException e) {
            throw new WeightsException(path + ": cannot read the zip directory (the file is truncated, or not a "
                    + "torch.save archive): " + e.getMessage(), e);
        }
        MappedFile mapped = null;
        try {
            mapped = MappedFile.map(path);
            return new TorchBinStore(path, mapped, zip, readTensors(path, zip, mapped.size()));
        } catch (RuntimeException e) {
            if (mapped != null) mapped.close();
            ZipFile.closeQuietly(zip);
            throw e;
        }
    }

    private static void checkMagic(Path path) {
        byte[] head = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(path)) {
            n = in.readNBytes(head, 0, 4);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new WeightsException(path + ": no such file", e);
        } catch (IOException e) {
            throw new WeightsException(path + ": cannot be read: " + e.getMessage(), e);
        }
        if (n == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) return;
        if (n >= 2 && (head[0] & 0xff) == 0x80 && head[1] == 2) {
            throw new WeightsException(path + ": legacy (pre-zip, torch < 1.6) torch.save format, which this reader "
                    + "does not support; re-save it with a current torch or use the model.safetensors");
        }
        throw new WeightsException(path + ": not a torch.save zip archive (" + (n < 4 ? "only " + n + " bytes, truncated"
                : "starts with bytes " + String.format("%02x %02x %02x %02x", head[0], head[1], head[2], head[3])) + ")");
    }

    private static Map<String, Tensor> readTensors(Path path, ZipFile zip, long fileSize) {
        String root = findRoot(path, zip);
        checkByteOrder(path, zip, root);
        ZipArchiveEntry pklEntry = zip.getEntry(root + "data.pkl");
        Object state = RestrictedUnpickler.load(readEntry(path, zip, pklEntry, 1L << 30), path + " (" + pklEntry.getName() + ")");
        if (!(state instanceof Map<?, ?> dict)) {
            throw new WeightsException(path + ": the pickled object is " + (state == null ? "None" : state.getClass().getSimpleName())
                    + ", not a state dict of tensors");
        }
        Map<String, Storage> storages = new HashMap<>();
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (var e : dict.entrySet()) {
            if (!(e.getKey() instanceof String name)) {
                throw new WeightsException(path + ": state dict key " + e.getKey() + " is not a string");
            }
            if (!(e.getValue() instanceof TensorRef ref)) {
                throw new WeightsException(path + ": state dict entry '" + name + "' is not a tensor (a training "
                        + "checkpoint rather than a model's state dict?)");
            }
            if (NonWeightBuffers.isIgnored(name)) continue;
            Storage storage = storages.computeIfAbsent(ref.storage().key(),
                    k -> storage(path, zip, root, name, ref.storage(), fileSize));
            if (storage.ref().dtype() != ref.storage().dtype()) {
                throw new WeightsException(path + ": tensor '" + name + "' reads storage " + ref.storage().key()
                        + " as " + ref.storage().dtype() + " but another tensor reads it as " + storage.ref().dtype());
            }
            checkView(path, name, ref, storage.ref());
            TensorInfo info = new TensorInfo(name, ref.storage().dtype(), ref.size(), path);
            out.put(name, new Tensor(info, storage, ref.offset(), ref.stride()));
        }
        return Collections.unmodifiableMap(out);
    }

    /** The archive's single top folder, the one holding data.pkl ("archive/", "pytorch_model/", ...). */
    private static String findRoot(Path path, ZipFile zip) {
        String found = null;
        for (Enumeration<ZipArchiveEntry> en = zip.getEntries(); en.hasMoreElements(); ) {
            String name = en.nextElement().getName();
            if (name.equals("data.pkl") || (name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - 9)) {
                if (found != null) {
                    throw new WeightsException(path + ": archive holds two state dicts (" + found + "data.pkl and "
                            + name + "); expected one");
                }
                found = name.substring(0, name.length() - "data.pkl".length());
            }
        }
        if (found == null) {
            throw new WeightsException(path + ": zip archive has no <root>/data.pkl, so it was not written by torch.save");
        }
        return found;
    }

    private static void checkByteOrder(Path path, ZipFile zip, String root) {
        ZipArchiveEntry e = zip.getEntry(root + "byteorder");
        if (e == null) return; // older torch writes none and is always little-endian
        String order = new String(readEntry(path, zip, e, 64), StandardCharsets.US_ASCII).trim();
        if (!order.equals("little")) {
            throw new WeightsException(path + ": storages are " + order + "-endian; only little-endian archives are read");
        }
    }

    private static Storage storage(Path path, ZipFile zip, String root, String tensor, StorageRef ref, long fileSize) {
        String entryName = root + "data/" + ref.key();
        ZipArchiveEntry entry = zip.getEntry(entryName);
        if (entry == null) {
            throw new WeightsException(path + ": tensor '" + tensor + "' lives in " + entryName
                    + ", which the archive lacks (truncated or damaged file)");
        }
        long need;
        try {
            need = Math.multiplyExact(ref.numel(), ref.dtype().bytes);
        } catch (ArithmeticException ex) {
            throw new WeightsException(path + ": tensor '" + tensor + "': storage of " + ref.numel() + " elements overflows");
        }
        if (entry.getSize() < need) {
            throw new WeightsException(path + ": tensor '" + tensor + "': storage " + entryName + " should hold "
                    + ref.numel() + " " + ref.dtype() + " elements (" + need + " bytes) but has " + entry.getSize()
                    + " bytes: the file is truncated or its pickle lies");
        }
        if (entry.getMethod() == ZipEntry.STORED && (entry.getDataOffset() < 0 || entry.getDataOffset() + need > fileSize)) {
            throw new WeightsException(path + ": tensor '" + tensor + "': storage " + entryName + " runs past the end of "
                    + "the file (" + fileSize + " bytes): the file is truncated");
        }
        return new Storage(ref, entry, need);
    }

    /** The last element the strided view touches must lie inside its storage. */
    private static void checkView(Path path, String name, TensorRef ref, StorageRef storage) {
        long last = ref.offset();
        boolean empty = false;
        try {
            for (int i = 0; i < ref.size().length; i++) {
                if (ref.size()[i] < 0 || ref.stride()[i] < 0) {
                    throw new WeightsException(path + ": tensor '" + name + "' has negative size or stride "
                            + Arrays.toString(ref.size()) + " / " + Arrays.toString(ref.stride()));
                }
                if (ref.size()[i] == 0) empty = true;
                else last = Math.addExact(last, Math.multiplyExact(ref.size()[i] - 1, ref.stride()[i]));
            }
        } catch (ArithmeticException e) {
            throw new WeightsException(path + ": tensor '" + name + "': size/stride overflow");
        }
        if (ref.offset() < 0 || (!empty && last >= storage.numel())) {
            throw new WeightsException(path + ": tensor '" + name + "' (offset " + ref.offset() + ", size "
                    + Arrays.toString(ref.size()) + ", stride " + Arrays.toString(ref.stride()) + ") reaches element "
                    + last + " of a storage with " + storage.numel() + " elements");
        }
    }

    private static byte[] readEntry(Path path, ZipFile zip, ZipArchiveEntry e, long limit) {
        if (e.getSize() > limit) {
            throw new WeightsException(path + ": " + e.getName() + " is " + e.getSize() + " bytes, more than " + limit);
        }
        try (InputStream in = zip.getInputStream(e)) {
            byte[] b = in.readNBytes((int) Math.min(limit, Math.max(e.getSize(), 0)) + 1);
            if (e.getSize() >= 0 && b.length != e.getSize()) {
                throw new WeightsException(path + ": " + e.getName() + " should be " + e.getSize() + " bytes but "
                        + b.length + " could be read: the file is truncated");
            }
            return b;
        } catch (IOException ex) {
            throw new WeightsException(path + ": cannot read " + e.getName() + " (truncated or damaged): "
                    + ex.getMessage(), ex);
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public Set<String> names() {
        return tensors.keySet();
    }

    @Override
    public TensorInfo info(String name) {
        return tensor(name).info();
    }

    private Tensor tensor(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new WeightsException(path + ": no tensor '" + name + "'; " + SimilarNames.suggest(name, tensors.keySet()));
        }
        return t;
    }

    @Override
    public void float32Into(String name, ByteBuffer out) {
        Tensor t = tensor(name);
        Float32Output.checkType(t.info());
        MemorySegment dst = Float32Output.target(t.info(), out);
        if (t.info().numel() > 0) {
            MemorySegment src = storageBytes(t);
            DType type = t.info().dtype();
            long[] size = t.info().shape();
            if (StridedCopy.isContiguous(size, t.stride())) {
                Widening.toFloat32(type, src, t.offset(), dst, 0, t.info().numel());
            } else {
                StridedCopy.gather(size, t.stride(), t.offset(),
                        (srcIndex, dstIndex, count) -> Widening.toFloat32(type, src, srcIndex, dst, dstIndex, count));
            }
        }
        Float32Output.advance(t.info(), out);
    }

    private MemorySegment storageBytes(Tensor t) {
        Storage s = t.storage();
        if (s.entry().getMethod() == ZipEntry.STORED) {
            return mapped.segment.asSlice(s.entry().getDataOffset(), s.bytes());
        }
        if (s.entry().getSize() > Integer.MAX_VALUE - 8) {
            throw new WeightsException(path + ": tensor '" + t.info().name() + "': compressed storage of " + s.bytes()
                    + " bytes is too large to inflate; re-save the file uncompressed (torch.save does)");
        }
        synchronized (zip) {
            return MemorySegment.ofArray(readEntry(path, zip, s.entry(), s.entry().getSize()));
        }
    }

    @Override
    public void release(String name) {
        Storage s = tensor(name).storage();
        if (s.entry().getMethod() == ZipEntry.STORED) mapped.unload(s.entry().getDataOffset(), s.bytes());
    }

    @Override
    public long storedBytes() {
        Map<String, Long> distinct = new HashMap<>();
        for (Tensor t : tensors.values()) distinct.put(t.storage().ref().key(), t.storage().bytes());
        return distinct.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public void close() {
        mapped.close();
        ZipFile.closeQuietly(zip);
    }

    @Override
    public String toString() {
        return "TorchBinStore[" + path + ", " + tensors.size() + " tensors]";
    }
}
