package org.w2sg.train;

import ai.djl.Device;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.w2sg.errors.UserException;
import org.w2sg.io.AtomicFiles;
import org.w2sg.model.ComputeTarget;
import org.w2sg.model.HfConfig;
import org.w2sg.model.gptneox.GptNeoXConfig;
import org.w2sg.run.RunLock;

/**
 * A pre-training run from start to end: checks every input before anything is written, tokenizes the corpus (cached),
 * starts from transformers' initialisation or from the saved state, trains, and writes checkpoints on the save
 * schedule, the resumable state, train_log.csv, plots/loss.png and run.json into the run folder.
 */
public final class Trainer {
    /** How many validation windows (of seq-len tokens) the validation loss averages over, at most. */
    public static final int VALIDATION_WINDOWS = 64;

    /**
     * The run folder's lock file: one process trains a folder at a time (two would interleave the log, the state and
     * the checkpoints). The OS drops the lock when the process dies, kill -9 included, so a resume is never blocked.
     */
    public static final String LOCK_FILE = ".lock";

    public record Outcome(long updates, boolean complete, double loss, double validationLoss, TreeSet<Long> saved) {}

    private Trainer() {}

    public static Outcome run(PretrainSettings s, PrintStream log) throws IOException {
        GptNeoXConfig config = modelConfig(s.config());
        checkNumbers(s, s.config());
        Path tokenizerFile = s.tokenizer();
        if (!Files.isRegularFile(tokenizerFile)) {
            throw new UserException("tokenizer " + tokenizerFile + " does not exist: give --tokenizer PATH (a tokenizer.json)");
        }
        ComputeTarget target = ComputeTarget.resolve(s.device(), "float32");
        String tokenizerSha = TextSource.fileSha256(tokenizerFile);
        int eos = NeoXConfigJson.intOf(s.config(), "eos_token_id", 0);
        Corpus corpus;
        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.builder().optTokenizerPath(tokenizerFile)
                .optAddSpecialTokens(false).optTruncation(false).optPadding(false).build()) {
            corpus = Corpus.build(CorpusSpec.parse(s.corpus()), s.dataDir(), s.tokenCache(), tokenizer, tokenizerSha, eos,
                    s.seqLen());
        }
        for (Corpus.Part p : corpus.parts()) checkVocabulary(p, config.vocabSize());
        Map<String, String> contentSha = new LinkedHashMap<>();
        for (Corpus.Part p : corpus.parts()) contentSha.put(p.source().name(), p.source().sha256());
        Map<String, Object> identity = s.identity(contentSha, tokenizerSha);
        checkOutFolder(s.out(), identity);
        Files.createDirectories(s.out());
        try (RunLock ignored = RunLock.exclusive(s.out().resolve(LOCK_FILE), holder -> "another harness pretrain"
                + holder + " is training " + s.out() + ": wait for it to finish (rerun this command then to resume or "
                + "extend it), or choose another --out")) {
            checkOutFolder(s.out(), identity); // again under the lock: a process that started beside this one may have begun
            return train(s, log, config, target, corpus, identity);
        }
    }

    private static Outcome train(PretrainSettings s, PrintStream log, GptNeoXConfig config, ComputeTarget target,
                                 Corpus corpus, Map<String, Object> identity) throws IOException {
        removeUnfinishedCheckpoints(s.out());
        TrainState state = TrainState.load(s.out());
        long done = state == null ? 0 : state.updates();
        if (done > s.steps()) {
            throw new UserException(s.out() + " is already trained to step " + done + ": --steps must be at least that "
                    + "(a larger --steps extends the run)");
        }
        TreeSet<Long> saveSteps = s.save().steps(s.steps());
        writeRunJson(s, identity, corpus, done, false);
        TrainLog trainLog = new TrainLog(s.out(), done);
        LrSchedule schedule = new LrSchedule(s.lr(), s.minLr(), s.warmup(), s.steps());
        long tokensPerStep = (long) s.batchSize() * s.seqLen();
        List<Batch> validation = DataOrder.validation(corpus, s.batchSize(), VALIDATION_WINDOWS);
        if (done == s.steps()) {
            log.printf("%s: already trained to step %d of %d; nothing to do (a larger --steps extends it)%n", s.out(), done,
                    s.steps());
            return new Outcome(done, true, Double.NaN, Double.NaN, saveSteps);
        }
        log.printf("pretrain %s: %,d parameters, %s, corpus %s (%,d training tokens), %d x %d tokens per step, "
                        + "steps %d..%d, saving %d checkpoints%n", s.out(), config.tensors().stream().mapToLong(t -> t.numel()).sum(),
                target.device(), s.corpus(), corpus.parts().stream().mapToLong(Corpus.Part::trainTokens).sum(), s.batchSize(),
                s.seqLen(), done + 1, s.steps(), saveSteps.size());

        Map<String, Object> values;
        if (state == null) {
            values = new LinkedHashMap<>(Initializer.values(config, NeoXConfigJson.doubleOf(s.config(), 0.02, "initializer_range"), s.seed()));
        } else {
            values = new LinkedHashMap<>(state.weights());
            log.printf("resuming from the saved state at step %d%n", done);
        }
        DataOrder order = new DataOrder(corpus, s.seed(), s.batchSize());
        order.advanceTo(done + 1);
        if (state != null && !java.util.Arrays.equals(order.consumed(), state.consumed())) {
            throw new IllegalStateException("the replayed data position " + java.util.Arrays.toString(order.consumed())
                    + " differs from the saved one " + java.util.Arrays.toString(state.consumed()));
        }
        double loss = Double.NaN;
        double valLoss = Double.NaN;
        try (NDManager base = NDManager.newBaseManager(target.device(), "PyTorch");
             TrainableGptNeoX model = TrainableGptNeoX.of(config, base, DataType.FLOAT32, values)) {
            values.clear();
            AdamW optimizer = new AdamW(AdamW.Settings.of(s.weightDecay(), s.clip()), model.parameters());
            if (state != null) optimizer.restore(done, state.firstMoments(), state.secondMoments());
            state = null;
            TrainStep step = new TrainStep(model, optimizer, base);
            Map<String, long[]> shapes = CheckpointFolder.shapes(model);
            if (done == 0 && saveSteps.contains(0L)) saveCheckpoint(s, model, 0, 0);
            long stopAt = s.stopAfter() > 0 ? Math.min(s.steps(), done + s.stopAfter()) : s.steps();
            try (ProgressBar bar = s.progress() ? new ProgressBarBuilder().setTaskName("pretrain").setInitialMax(s.steps())
                    .startsFrom(done, java.time.Duration.ZERO).setStyle(ProgressBarStyle.ASCII).build() : null) {
                for (long n = done + 1; n <= stopAt; n++) {
                    long t0 = System.nanoTime();
                    Batch batch = order.next();
                    double lr = schedule.at(n);
                    TrainStep.Result r = step.run(n, batch, lr);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    loss = r.loss();
                    boolean save = saveSteps.contains(n);
                    boolean eval = s.evalEvery() > 0 ? n % s.evalEvery() == 0 || n == s.steps() : save;
                    double v = Double.NaN;
                    if (eval && !validation.isEmpty()) {
                        v = validationLoss(step, validation);
                        valLoss = v;
                    }
                    trainLog.add(new TrainLog.Row(n, n * tokensPerStep, r.loss(), v, lr, r.gradNorm(), batch.tokens() / seconds,
                            org.w2sg.machine.ResidentSet.currentMiB()));
                    if (bar != null) {
                        bar.stepTo(n);
                        bar.setExtraMessage(String.format(java.util.Locale.ROOT, " loss %.3f%s", r.loss(),
                                Double.isNaN(valLoss) ? "" : String.format(java.util.Locale.ROOT, " val %.3f", valLoss)));
                    }
                    if (save) saveCheckpoint(s, model, n, n * tokensPerStep);
                    if (save || n % s.stateEvery() == 0 || n == stopAt) {
                        // the log first: a kill between the two leaves a log that reaches past the state, which the
                        // resumed run truncates; the other order could leave a state past the log, and a gap
                        trainLog.write();
                        TrainState.save(s.out(), new TrainState(n, n * tokensPerStep, order.consumed(), weights(model),
                                optimizer.firstMoments(), optimizer.secondMoments()), shapes);
                        writeRunJson(s, identity, corpus, n, n == s.steps());
                    }
                    if (save) trainLog.plot(s.out().resolve("plots").resolve("loss.png"), s.out().getFileName() + ": pre-training loss");
                }
            }
            return new Outcome(stopAt, stopAt == s.steps(), loss, valLoss, saveSteps);
        }
    }

    /** A kill while a checkpoint was being written leaves its temporary .stepN.tmp folder: it is redone. */
    private static void removeUnfinishedCheckpoints(Path out) throws IOException {
        try (Stream<Path> s = Files.list(out)) {
            for (Path p : s.filter(p -> p.getFileName().toString().matches("\\.step\\d+\\.tmp")).toList()) {
                CheckpointFolder.deleteTree(p);
            }
        }
        CheckpointFolder.deleteTree(out.resolve("state.new"));
    }

    private static double validationLoss(TrainStep step, List<Batch> validation) {
        double sum = 0;
        long rows = 0;
        for (Batch b : validation) {
            sum += step.evaluate(b) * b.rows();
            rows += b.rows();
        }
        return sum / rows;
    }

    private static Map<String, float[]> weights(TrainableGptNeoX model) {
        Map<String, float[]> w = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : model.parameters().entrySet()) w.put(e.getKey(), e.getValue().toFloatArray());
        return w;
    }

    private static void saveCheckpoint(PretrainSettings s, TrainableGptNeoX model, long step, long tokens) throws IOException {
        Path dir = s.out().resolve(CheckpointFolder.name(step));
        CheckpointFolder.write(dir, s.config(), model, s.tokenizer(), step, tokens);
    }

    static GptNeoXConfig modelConfig(Map<String, Object> config) {
        try {
            return GptNeoXConfig.from(HfConfig.of(Path.of("config.json"), CheckpointFolder.JSON.valueToTree(config)));
        } catch (IllegalArgumentException e) {
            throw new UserException("model shape: " + e.getMessage().replace("config.json: ", ""), e);
        }
    }

    private static void checkNumbers(PretrainSettings s, Map<String, Object> config) {
        int maxPositions = NeoXConfigJson.intOf(config, "max_position_embeddings", 2048);
        if (s.seqLen() < 1) throw new UserException("--seq-len must be at least 1, got " + s.seqLen());
        if (s.seqLen() > maxPositions) {
            throw new UserException("--seq-len " + s.seqLen() + " is above the model's max_position_embeddings ("
                    + maxPositions + "): use --seq-len " + maxPositions + " or less");
        }
        if (s.batchSize() < 1) throw new UserException("--batch-size must be at least 1, got " + s.batchSize());
        if (s.steps() < 1) throw new UserException("--steps must be at least 1, got " + s.steps());
        if (!(s.lr() > 0)) throw new UserException("--lr must be positive, got " + s.lr());
        if (s.minLr() < 0 || s.minLr() > s.lr()) throw new UserException("--min-lr must be in [0, --lr], got " + s.minLr());
        if (s.warmup() < 0) throw new UserException("--warmup must be >= 0, got " + s.warmup());
        if (s.weightDecay() < 0) throw new UserException("--weight-decay must be >= 0, got " + s.weightDecay());
        if (s.clip() < 0) throw new UserException("--clip must be >= 0 (0 = no clipping), got " + s.clip());
        if (s.stateEvery() < 1) throw new UserException("--state-every must be at least 1, got " + s.stateEvery());
        if (s.evalEvery() < 0) throw new UserException("--eval-every must be >= 0, got " + s.evalEvery());
    }

    private static void checkVocabulary(Corpus.Part p, int vocab) {
        TokenFile t = p.tokens();
        for (long i = 0; i < t.size(); i++) {
            int id = t.get(i);
            if (id < 0 || id >= vocab) {
                throw new UserException("--corpus " + p.source().name() + ": the tokenizer gives id " + id
                        + ", outside the model's vocabulary of " + vocab + ": use the model's own tokenizer");
            }
        }
    }

    /** An --out that is not empty must be this run (same settings), else nothing is written and the differences named. */
    static void checkOutFolder(Path out, Map<String, Object> identity) throws IOException {
        if (!Files.exists(out)) return;
        if (!Files.isDirectory(out)) throw new UserException("--out " + out + " is a file, not a folder");
        try (Stream<Path> s = Files.list(out)) {
            if (s.allMatch(p -> p.getFileName().toString().equals(LOCK_FILE))) return;
        }
        Path runJson = out.resolve("run.json");
        if (!Files.isRegularFile(runJson)) {
            throw new UserException("--out " + out + " holds files but no run.json of a pretrain run: choose an empty or "
                    + "new folder");
        }
        JsonNode saved = CheckpointFolder.JSON.readTree(runJson.toFile()).get("pretrain");
        if (saved == null) throw new UserException("--out " + out + " holds another kind of run (its run.json has no 'pretrain'): choose another folder");
        // through JSON text, so numbers compare as they were saved (a long seed reads back as an int)
        JsonNode now = CheckpointFolder.JSON.readTree(CheckpointFolder.JSON.writeValueAsString(identity));
        List<String> differences = new java.util.ArrayList<>();
        java.util.Set<String> keys = new java.util.TreeSet<>();
        saved.fieldNames().forEachRemaining(keys::add);
        now.fieldNames().forEachRemaining(keys::add);
        for (String k : keys) {
            JsonNode a = saved.get(k);
            JsonNode b = now.get(k);
            if (a == null || b == null || !a.equals(b)) {
                if (a != null && b != null && a.isObject() && b.isObject()) {
                    java.util.Set<String> inner = new java.util.TreeSet<>();
                    a.fieldNames().forEachRemaining(inner::add);
                    b.fieldNames().forEachRemaining(inner::add);
                    for (String i : inner) {
                        if (!java.util.Objects.equals(a.get(i), b.get(i))) differences.add(k + "." + i + ": " + a.get(i) + " there, " + b.get(i) + " here");
                    }
                } else {
                    differences.add(k + ": " + a + " there, " + b + " here");
                }
            }
        }
        if (!differences.isEmpty()) {
            throw new UserException("--out " + out + " holds another run (" + String.join("; ", differences)
                    + "): rerun with its settings to resume or extend it, or choose another --out");
        }
    }

    private static void writeRunJson(PretrainSettings s, Map<String, Object> identity, Corpus corpus, long updates,
                                     boolean complete) throws IOException {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("pretrain", identity);
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("steps", s.steps());
        options.put("save", s.save().spec());
        options.put("saved_steps", s.save().steps(s.steps()));
        options.put("eval_every", s.evalEvery());
        options.put("state_every", s.stateEvery());
        options.put("device", s.device());
        options.put("tokenizer", s.tokenizer().toAbsolutePath().toString());
        options.put("data_dir", String.valueOf(s.dataDir()));
        options.put("token_cache", s.tokenCache().toAbsolutePath().toString());
        options.put("tokens_per_step", (long) s.batchSize() * s.seqLen());
        run.put("options", options);
        run.put("corpus", corpus.describe());
        run.put("validation", Map.of("fraction_per_source", Corpus.VALIDATION_FRACTION, "windows", VALIDATION_WINDOWS));
        Map<String, Object> versions = new LinkedHashMap<>();
        versions.put("java", System.getProperty("java.version"));
        versions.put("djl", ai.djl.engine.Engine.getDjlVersion());
        versions.put("libtorch", ai.djl.engine.Engine.getEngine("PyTorch").getVersion());
        versions.put("harness", String.valueOf(Trainer.class.getPackage().getImplementationVersion()));
        versions.put("cpus", Runtime.getRuntime().availableProcessors());
        versions.put("omp_num_threads", String.valueOf(System.getenv("OMP_NUM_THREADS")));
        run.put("environment", versions);
        run.put("progress", Map.of("updates", updates, "tokens", updates * s.batchSize() * (long) s.seqLen(), "complete", complete));
        AtomicFiles.writeString(s.out().resolve("run.json"), CheckpointFolder.JSON.writeValueAsString(run) + "\n");
    }

    static Device device(String spec) {
        return ComputeTarget.resolve(spec, "float32").device();
    }
}
