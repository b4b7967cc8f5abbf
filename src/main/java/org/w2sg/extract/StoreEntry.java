package org.w2sg.extract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.w2sg.data.SplitPart;
import org.w2sg.data.Splits;
import org.w2sg.io.AtomicFiles;
import org.w2sg.io.Npy;

/**
 * One store folder (model, revision, dataset) on disk:
 * <pre>
 * entry.json                 manifest, written last (see {@link EntryManifest})
 * ids.txt                    example ids, one per line, row order
 * labels.npy                 int64 [rows]
 * lengths.npy                int64 [rows] tokens the model saw
 * truncated_tokens.npy       int64 [rows] tokens cut from the start of over-long texts
 * hidden_LL_POOL.npy         float32 [rows, hidden] per layer LL and pooling POOL (last, mean)
 * tokens.npy, token_offsets.npy   int64, with --save-tokens: example i's ids are tokens[offsets[i]:offsets[i+1]]
 * splits/seed-S_A-B-T.json   row numbers of the weak-train, transfer and test splits of seed S with sizes A/B/T
 *                            (a split not extracted into this entry, e.g. A for a sweep's strong model, is absent)
 * partial/                   an extraction in progress (plan.json, one folder per finished group)
 * </pre>
 * Rows are only ever appended, so a reader of entry.json's {@code rows} first rows is never disturbed by an append
 * in progress.
 */
final class StoreEntry {
    static final String MANIFEST = "entry.json";
    static final String IDS = "ids.txt";
    static final String LABELS = "labels.npy";
    static final String LENGTHS = "lengths.npy";
    static final String TRUNCATED = "truncated_tokens.npy";
    static final String TOKENS = "tokens.npy";
    static final String OFFSETS = "token_offsets.npy";

    final Path dir;

    StoreEntry(Path dir) {
        this.dir = dir;
    }

    Path partialDir() {
        return dir.resolve("partial");
    }

    Path splitsDir() {
        return dir.resolve("splits");
    }

    /** The manifest when the entry is complete and every file it names holds its rows; else null. */
    EntryManifest readValid() {
        EntryManifest m = StoreJson.readOrNull(dir.resolve(MANIFEST), EntryManifest.class);
        if (m == null || m.format() != EntryManifest.FORMAT || m.identity() == null || m.layers() == null
                || m.poolings() == null) {
            return null;
        }
        if (!NpyShape.holds(dir.resolve(LABELS), "<i8", m.rows(), 1)
                || !NpyShape.holds(dir.resolve(LENGTHS), "<i8", m.rows(), 1)
                || !NpyShape.holds(dir.resolve(TRUNCATED), "<i8", m.rows(), 1)) {
            return null;
        }
        for (int layer : m.layers()) {
            for (String p : m.poolings()) {
                if (!NpyShape.holds(dir.resolve(Extractor.fileName(layer, Pooling.parse(p))), "<f4", m.rows(), m.hiddenSize())) {
                    return null;
                }
            }
        }
        try {
            if (ids(m.rows()).size() < m.rows()) return null;
        } catch (UncheckedIOException e) {
            return null;
        }
        return m;
    }

    List<String> ids(int rows) {
        Path f = dir.resolve(IDS);
        if (rows == 0) return List.of();
        try (Stream<String> lines = Files.lines(f)) {
            return lines.limit(rows).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes the entry invalid before it is rebuilt: the manifest goes first, so no reader trusts the files after. */
    void invalidate() throws IOException {
        Files.deleteIfExists(dir.resolve(MANIFEST));
        deleteTree(splitsDir());
        deleteTree(partialDir());
    }

    /**
     * Appends rows to every file (keeping the first {@code base} rows, dropping any torn tail of an interrupted
     * append), then publishes {@code manifest}.
     */
    void append(int base, EntryManifest manifest, List<String> newIds, long[] labels, long[] lengths, long[] truncated,
                List<String> outputs, OutputRows newRows, int hidden) throws IOException {
        // rewriting from row 0 (a new or widened entry): the old manifest must not vouch for files in flux
        if (base == 0) Files.deleteIfExists(dir.resolve(MANIFEST));
        int rows = base + newIds.size();
        List<String> ids = new ArrayList<>(ids(base));
        ids.addAll(newIds);
        AtomicFiles.writeString(dir.resolve(IDS), String.join("\n", ids) + "\n");
        Npy.writeInt64(dir.resolve(LABELS), concat(readLongs(LABELS, base), labels), rows);
        Npy.writeInt64(dir.resolve(LENGTHS), concat(readLongs(LENGTHS, base), lengths), rows);
        Npy.writeInt64(dir.resolve(TRUNCATED), concat(readLongs(TRUNCATED, base), truncated), rows);
        // one output at a time, so memory holds one [rows, hidden] array, not all layers at once
        for (String name : outputs) {
            float[] added = newRows.rows(name);
            float[] all = new float[rows * hidden];
            if (base > 0) System.arraycopy(Npy.read(dir.resolve(name)).floats(), 0, all, 0, base * hidden);
            System.arraycopy(added, 0, all, base * hidden, added.length);
            Npy.writeFloat32(dir.resolve(name), all, rows, hidden);
        }
        StoreJson.write(dir.resolve(MANIFEST), manifest);
    }

    /** The new rows of one output file, produced on demand. */
    @FunctionalInterface
    interface OutputRows {
        float[] rows(String fileName) throws IOException;
    }

    void writeTokens(List<int[]> tokens) throws IOException {
        long[] offsets = new long[tokens.size() + 1];
        for (int i = 0; i < tokens.size(); i++) offsets[i + 1] = offsets[i] + tokens.get(i).length;
        long[] flat = new long[Math.toIntExact(offsets[tokens.size()])];
        int at = 0;
        for (int[] t : tokens) for (int id : t) flat[at++] = id;
        Npy.writeInt64(dir.resolve(TOKENS), flat, flat.length);
        Npy.writeInt64(dir.resolve(OFFSETS), offsets, offsets.length);
    }

    /**
     * Records which rows each split of one seed holds. A split whose examples are not all in the entry yet (a request
     * for only some splits) is left out, and the file is rewritten once it can name more; rows never move, so a file
     * that names all three splits is final.
     */
    void writeSplit(Splits s, Map<String, Integer> rowOf) throws IOException {
        Path f = splitsDir().resolve("seed-" + s.seed() + "_" + s.sizes().weakTrain() + "-" + s.sizes().transfer() + "-"
                + s.sizes().test() + ".json");
        List<SplitPart> present = new ArrayList<>();
        for (SplitPart p : SplitPart.values()) if (p.of(s).stream().allMatch(e -> rowOf.containsKey(e.id()))) present.add(p);
        if (Files.isRegularFile(f)) {
            Map<?, ?> old = StoreJson.readOrNull(f, Map.class);
            if (old != null && present.stream().allMatch(p -> old.containsKey(p.key()))) return;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("dataset", s.dataset());
        json.put("seed", s.seed());
        json.put("sizes", Map.of("weak_train", s.sizes().weakTrain(), "transfer", s.sizes().transfer(), "test", s.sizes().test()));
        json.put("rows_note", "row numbers into ids.txt, labels.npy and every hidden_*.npy of this folder");
        for (SplitPart p : present) json.put(p.key(), p.of(s).stream().map(e -> rowOf.get(e.id())).toList());
        StoreJson.write(f, json);
    }

    private long[] readLongs(String name, int rows) throws IOException {
        if (rows == 0) return new long[0];
        long[] all = Npy.read(dir.resolve(name)).longs();
        return java.util.Arrays.copyOf(all, rows);
    }

    private static long[] concat(long[] a, long[] b) {
        long[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> all = Files.walk(p)) {
            for (Path q : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
        }
    }
}
