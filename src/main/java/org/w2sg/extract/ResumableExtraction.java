package org.w2sg.extract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Supplier;
import me.tongfei.progressbar.ProgressBar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w2sg.data.Example;
import org.w2sg.errors.UserException;
import org.w2sg.io.AtomicFiles;
import org.w2sg.io.Npy;
import org.w2sg.model.DecoderModel;

/**
 * Extracts a list of examples group by group, writing each finished group under partial/ before the next starts, so a
 * killed run loses at most the group in flight and a rerun with the same plan picks up after the last finished group.
 * The model is loaded only if some group is left to compute.
 */
final class ResumableExtraction {
    private static final Logger LOG = LoggerFactory.getLogger(ResumableExtraction.class);

    private final StoreEntry entry;
    private final PartialPlan plan;
    private final List<Example> examples;
    private final int hidden;
    private final PaddingSide padding;
    private final List<Pooling> poolings;
    private final List<String> outputNames;

    private int[][] sequences;
    private long[] lengths;
    private long[] truncated;
    private BatchPlan batchPlan;
    private ExtractionStats stats;

    ResumableExtraction(StoreEntry entry, PartialPlan plan, List<Example> examples, int hidden) {
        this.entry = entry;
        this.plan = plan;
        this.examples = examples;
        this.hidden = hidden;
        this.padding = PaddingSide.valueOf(plan.padding());
        this.poolings = plan.poolings().stream().map(Pooling::parse).toList();
        this.outputNames = Extractor.outputNames(plan.layers(), poolings);
    }

    List<String> outputNames() {
        return outputNames;
    }

    long[] lengths() {
        return lengths;
    }

    long[] truncated() {
        return truncated;
    }

    ExtractionStats stats() {
        return stats;
    }

    void run(TextTokenizer tokenizer, Supplier<DecoderModel> models, boolean progress, String task) throws IOException {
        Path partial = entry.partialDir();
        PartialPlan previous = StoreJson.readOrNull(partial.resolve("plan.json"), PartialPlan.class);
        if (previous != null && !previous.equals(plan)) {
            LOG.info("{}: discarding an interrupted extraction made with other settings", task);
        }
        if (previous == null || !previous.equals(plan)) {
            StoreEntry.deleteTree(partial);
            Files.createDirectories(partial);
            StoreJson.write(partial.resolve("plan.json"), plan);
        }
        tokenize(tokenizer);
        batchPlan = BatchPlan.of(toInts(lengths), plan.batchTokens(), plan.groupExamples());
        int groups = batchPlan.groups().size();
        boolean[] done = new boolean[groups];
        int resumed = 0;
        for (int g = 0; g < groups; g++) {
            done[g] = groupDone(g);
            if (done[g]) resumed += batchPlan.groupMembers(g).length;
        }
        if (resumed > 0) LOG.info("{}: resuming after {} examples finished by an earlier run", task, resumed);
        String[] ids = examples.stream().map(Example::id).toArray(String[]::new);
        long real = 0;
        long padded = 0;
        int batches = 0;
        long start = System.nanoTime();
        if (resumed < examples.size()) {
            try (DecoderModel model = models.get();
                 ProgressBar bar = progress ? bar(task, examples.size(), resumed) : null) {
                Extractor extractor = new Extractor(model, plan.layers(), poolings, padding);
                if (extractor.hiddenSize() != hidden) {
                    throw new IllegalStateException("model hidden size " + extractor.hiddenSize() + " differs from config.json's " + hidden);
                }
                start = System.nanoTime();
                for (int g = 0; g < groups; g++) {
                    if (done[g]) continue;
                    int[] members = batchPlan.groupMembers(g);
                    List<int[]> groupBatches = java.util.Arrays.stream(batchPlan.groups().get(g))
                            .mapToObj(b -> batchPlan.batches().get(b)).toList();
                    // a streaming model (--max-memory) runs the group's batches together, one layer at a time
                    float[][] out = extractor.runBatches(groupBatches, sequences, ids, n -> {
                        if (bar != null) bar.stepBy(n);
                    });
                    for (int[] batch : groupBatches) {
                        int longest = 0;
                        for (int i : batch) {
                            real += lengths[i];
                            longest = (int) Math.max(longest, lengths[i]);
                        }
                        padded += (long) longest * batch.length;
                        batches++;
                    }
                    writeGroup(g, members.length, out);
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        stats = new ExtractionStats(examples.size() - resumed, resumed, seconds, real, padded, batches);
    }

    /** One output's rows for all examples, in example order, gathered from the group files. */
    float[] rows(String outputName) throws IOException {
        float[] all = new float[examples.size() * hidden];
        for (int g = 0; g < batchPlan.groups().size(); g++) {
            int[] members = batchPlan.groupMembers(g);
            float[] part = Npy.read(groupDir(g).resolve(outputName)).floats();
            for (int k = 0; k < members.length; k++) System.arraycopy(part, k * hidden, all, members[k] * hidden, hidden);
        }
        return all;
    }

    private void tokenize(TextTokenizer tokenizer) {
        List<TextTokenizer.Tokens> tokens = tokenizer.encodeAll(examples.stream().map(Example::text).toList());
        sequences = new int[tokens.size()][];
        lengths = new long[tokens.size()];
        truncated = new long[tokens.size()];
        for (int i = 0; i < tokens.size(); i++) {
            sequences[i] = tokens.get(i).ids();
            lengths[i] = sequences[i].length;
            truncated[i] = tokens.get(i).dropped();
            if (sequences[i].length == 0) {
                throw new UserException("example " + examples.get(i).id() + " tokenizes to no tokens: the model "
                        + "would see nothing of it; drop it from the dataset");
            }
        }
    }

    private Path groupDir(int g) {
        return entry.partialDir().resolve(String.format("group-%05d", g));
    }

    private boolean groupDone(int g) {
        Path dir = groupDir(g);
        if (!Files.isRegularFile(dir.resolve("done"))) return false;
        int n = batchPlan.groupMembers(g).length;
        for (String name : outputNames) {
            if (!NpyShape.holds(dir.resolve(name), "<f4", n, hidden)) return false;
        }
        return true;
    }

    private void writeGroup(int g, int n, float[][] out) throws IOException {
        Path dir = groupDir(g);
        Files.createDirectories(dir);
        for (int o = 0; o < out.length; o++) Npy.writeFloat32(dir.resolve(outputNames.get(o)), out[o], n, hidden);
        AtomicFiles.writeString(dir.resolve("done"), n + "\n");
    }

    private static ProgressBar bar(String task, int total, int resumed) {
        return org.w2sg.io.ProgressBars.builder(task)
                .setInitialMax(total)
                .startsFrom(resumed, Duration.ZERO)
                .setUnit(" ex", 1)
                .showSpeed(new java.text.DecimalFormat("0.0"))
                .setSpeedUnit(ChronoUnit.SECONDS)
                .build();
    }

    private static int[] toInts(long[] a) {
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) out[i] = (int) a[i];
        return out;
    }
}
