package org.w2sg.extract;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w2sg.data.DatasetLoader;
import org.w2sg.data.Example;
import org.w2sg.data.LabeledDataset;
import org.w2sg.data.SplitPart;
import org.w2sg.data.Splits;
import org.w2sg.data.Splitter;
import org.w2sg.errors.UserException;
import org.w2sg.model.HfConfig;

/**
 * The on-disk activation store: one folder per (model, revision, dataset) under the root
 * ({@code ROOT/ORG--NAME/REVISION/DATASET/}, layout in {@link StoreEntry}). {@link #getOrExtract} returns what is
 * there when it is valid for the request, extracts only what is missing (new examples, or new layers/poolings, which
 * re-run the entry), and resumes an interrupted extraction from its last finished group. A request may name only some
 * of each seed's splits ({@link ExtractionRequest#parts()}); a later request for the others appends their rows.
 */
public final class ActivationStore {
    private static final Logger LOG = LoggerFactory.getLogger(ActivationStore.class);
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path root;
    private final DatasetLoader data;
    private final ModelLoader models;
    private final Map<String, LabeledDataset> datasets = new ConcurrentHashMap<>();

    private ActivationStore(Path root, DatasetLoader data, ModelLoader models) {
        this.root = root.toAbsolutePath().normalize();
        this.data = data;
        this.models = models;
    }

    /** A store under {@code root}, reading datasets from {@code dataDir} and loading models with {@link ModelLoader#standard()}. */
    public static ActivationStore open(Path root, Path dataDir) {
        return new ActivationStore(root, new DatasetLoader(dataDir), ModelLoader.standard());
    }

    public static ActivationStore open(Path root, DatasetLoader data, ModelLoader models) {
        return new ActivationStore(root, data, models);
    }

    public Path root() {
        return root;
    }

    /** The formatted dataset, loaded once per store. */
    public LabeledDataset dataset(String nameOrCard) {
        return datasets.computeIfAbsent(nameOrCard, data::load);
    }

    public Path entryDir(CheckpointRef checkpoint, String datasetName) {
        return root.resolve(checkpoint.storePath()).resolve(datasetName.replaceAll("[^A-Za-z0-9._=+-]", "_"));
    }

    public Activations getOrExtract(ExtractionRequest req) {
        try {
            return run(req);
        } catch (IOException e) {
            throw new UserException("activation store " + root + ": " + e.getMessage(), e);
        }
    }

    private Activations run(ExtractionRequest req) throws IOException {
        CheckpointRef ckpt = req.checkpoint();
        LabeledDataset ds = dataset(req.dataset());
        List<Splits> splits = req.seeds().stream().map(seed -> Splitter.split(ds, req.sizes(), seed)).toList();
        LinkedHashMap<String, Example> wanted = new LinkedHashMap<>();
        for (Splits s : splits) for (Example e : SplitPart.examples(s, req.parts())) wanted.putIfAbsent(e.id(), e);

        HfConfig config = HfConfig.read(ckpt.dir());
        int numLayers = config.requireInt("num_hidden_layers");
        int hidden = config.requireInt("hidden_size");
        int maxLength = maxLength(config, req.options().maxLength());
        List<Integer> layers = req.layers().resolve(numLayers);
        Path tokenizerFile = req.tokenizer() != null ? req.tokenizer() : ckpt.dir().resolve("tokenizer.json");
        if (!Files.isRegularFile(tokenizerFile)) {
            throw new UserException("no tokenizer at " + tokenizerFile + ": the checkpoint folder needs its "
                    + "tokenizer.json (copy the model's into it; 'harness extract' also takes --tokenizer PATH)");
        }
        String task = ds.name() + " " + ckpt;
        StoreEntry entry = new StoreEntry(entryDir(ckpt, ds.name()));
        Files.createDirectories(entry.dir);
        try (EntryLock lock = EntryLock.acquire(entry.dir)) {
            EntryManifest m = entry.readValid();
            Map<String, CheckpointFingerprint.FileStat> stats =
                    CheckpointFingerprint.of(ckpt.dir(), m == null ? null : m.checkpointFiles());
            EntryIdentity identity = new EntryIdentity(CheckpointFingerprint.hashes(stats),
                    TextTokenizer.sha256(tokenizerFile), ds.contentSha256(), maxLength, req.model().dtype());
            if (m != null && !m.identity().equals(identity)) {
                LOG.info("{}: rebuilding the stored activations: {}", task, identity.differenceFrom(m.identity()));
                entry.invalidate();
                m = null;
            }
            List<Integer> needLayers = union(m == null ? List.of() : m.layers(), layers);
            List<String> needPoolings = union(m == null ? List.of() : m.poolings(),
                    req.poolings().stream().map(Pooling::tag).toList());
            List<String> have = m == null ? List.of() : entry.ids(m.rows());
            List<Example> toExtract = new ArrayList<>();
            int base;
            if (m != null && (!needLayers.equals(m.layers()) || !needPoolings.equals(m.poolings()))) {
                // a forward pass per example is needed anyway: redo the stored rows with the wider set of outputs
                LOG.info("{}: adding layers/poolings {} {} to the stored {} {}: re-extracting its {} examples", task,
                        needLayers, needPoolings, m.layers(), m.poolings(), m.rows());
                // (the old entry stays valid until the new rows are written, so an interruption loses nothing)
                Map<String, Example> byId = byId(ds);
                for (String id : have) toExtract.add(byId.get(id));
                base = 0;
            } else {
                base = m == null ? 0 : m.rows();
            }
            java.util.Set<String> present = new java.util.HashSet<>(have);
            for (Example e : wanted.values()) if (present.add(e.id())) toExtract.add(e);

            ExtractionStats ran = null;
            if (!toExtract.isEmpty()) {
                Extracted done = extract(req, entry, toExtract, base, identity, stats, config, needLayers, needPoolings,
                        hidden, tokenizerFile, maxLength, task);
                m = done.manifest();
                ran = done.stats();
            }
            Map<String, Integer> rowOf = new HashMap<>();
            List<String> ids = entry.ids(m.rows());
            for (int i = 0; i < ids.size(); i++) rowOf.put(ids.get(i), i);
            if (req.options().saveTokens() && !m.tokensSaved()) {
                m = saveTokens(entry, m, ds, ids, tokenizerFile, maxLength);
            }
            for (Splits s : splits) entry.writeSplit(s, rowOf);
            return new Activations(ckpt, ds.name(), entry.dir, m, new ArrayList<>(wanted.values()), rowOf, splits,
                    req.parts(), ran);
        }
    }

    private record Extracted(EntryManifest manifest, ExtractionStats stats) {}

    private Extracted extract(ExtractionRequest req, StoreEntry entry, List<Example> toExtract, int base,
                                  EntryIdentity identity, Map<String, CheckpointFingerprint.FileStat> stats,
                                  HfConfig config, List<Integer> layers, List<String> poolings, int hidden,
                                  Path tokenizerFile, int maxLength, String task) throws IOException {
        ExtractOptions o = req.options();
        PartialPlan plan = new PartialPlan(identity, layers, poolings, toExtract.stream().map(Example::id).toList(),
                o.batchTokens(), o.groupExamples(), o.padding().name(), base);
        ResumableExtraction run = new ResumableExtraction(entry, plan, toExtract, hidden);
        try (TextTokenizer tokenizer = TextTokenizer.open(tokenizerFile, maxLength)) {
            run.run(tokenizer, () -> models.load(req.checkpoint().dir(), req.model()), o.progress(), task);
        }
        // the caller reports what was extracted (Activations.extraction()): extract prints it, the sweep logs it
        LOG.debug("{}: extracted {}", task, run.stats());
        Map<String, Object> lastRun = new LinkedHashMap<>();
        lastRun.put("batch_tokens", o.batchTokens());
        lastRun.put("padding", o.padding().name().toLowerCase(java.util.Locale.ROOT));
        lastRun.put("group_examples", o.groupExamples());
        lastRun.put("device", req.model().device());
        lastRun.put("tokenizer", tokenizerFile.toAbsolutePath().toString());
        lastRun.put("checkpoint_dir", req.checkpoint().dir().toString());
        // no timings or per-process counts here (they are logged above): a resumed extraction must write the
        // same entry.json as an uninterrupted one
        EntryManifest m = new EntryManifest(EntryManifest.FORMAT, req.checkpoint().model(), req.checkpoint().revision(),
                entry.dir.getFileName().toString(), identity, stats, config.modelType(),
                config.requireInt("num_hidden_layers"), hidden, layers, poolings, base + toExtract.size(), false, lastRun);
        long[] labels = toExtract.stream().mapToLong(Example::label).toArray();
        entry.append(base, m, toExtract.stream().map(Example::id).toList(), labels, run.lengths(), run.truncated(),
                run.outputNames(), run::rows, hidden);
        StoreEntry.deleteTree(entry.partialDir());
        return new Extracted(m, run.stats());
    }

    private static EntryManifest saveTokens(StoreEntry entry, EntryManifest m, LabeledDataset ds, List<String> ids,
                                            Path tokenizerFile, int maxLength) throws IOException {
        Map<String, Example> byId = byId(ds);
        try (TextTokenizer tokenizer = TextTokenizer.open(tokenizerFile, maxLength)) {
            List<int[]> tokens = tokenizer.encodeAll(ids.stream().map(id -> byId.get(id).text()).toList()).stream()
                    .map(TextTokenizer.Tokens::ids).toList();
            entry.writeTokens(tokens);
        }
        EntryManifest saved = new EntryManifest(m.format(), m.model(), m.revision(), m.dataset(), m.identity(),
                m.checkpointFiles(), m.modelType(), m.numLayers(), m.hiddenSize(), m.layers(), m.poolings(), m.rows(),
                true, m.lastRun());
        StoreJson.write(entry.dir.resolve(StoreEntry.MANIFEST), saved);
        return saved;
    }

    private static int maxLength(HfConfig config, int asked) {
        int modelMax = config.has("max_position_embeddings") ? config.requireInt("max_position_embeddings") : Integer.MAX_VALUE;
        if (asked == 0) {
            if (modelMax == Integer.MAX_VALUE) {
                throw new UserException(config.file() + " has no max_position_embeddings: pass --max-length");
            }
            return modelMax;
        }
        if (asked > modelMax) {
            throw new UserException("--max-length " + asked + " exceeds the model's max_position_embeddings "
                    + modelMax + " (" + config.file() + ")");
        }
        return asked;
    }

    private static Map<String, Example> byId(LabeledDataset ds) {
        Map<String, Example> m = new HashMap<>();
        for (Example e : ds.trainPool()) m.put(e.id(), e);
        for (Example e : ds.testSet()) m.put(e.id(), e);
        return m;
    }

    private static <T extends Comparable<T>> List<T> union(List<T> a, List<T> b) {
        TreeSet<T> s = new TreeSet<>(a);
        s.addAll(b);
        return new ArrayList<>(s);
    }

    /** One writer per entry: a lock within this JVM and a file lock against other processes (sweep shards). */
    private record EntryLock(ReentrantLock local, FileChannel channel, FileLock file) implements AutoCloseable {
        static EntryLock acquire(Path dir) throws IOException {
            ReentrantLock local = IN_PROCESS.computeIfAbsent(dir, d -> new ReentrantLock());
            local.lock();
            try {
                FileChannel ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                return new EntryLock(local, ch, ch.lock());
            } catch (IOException | RuntimeException e) {
                local.unlock();
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            try {
                file.release();
                channel.close();
            } finally {
                local.unlock();
            }
        }
    }
}
