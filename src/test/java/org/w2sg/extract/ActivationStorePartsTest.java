package org.w2sg.extract;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w2sg.data.DatasetLoader;
import org.w2sg.data.Example;
import org.w2sg.data.SplitPart;
import org.w2sg.data.SplitSizes;
import org.w2sg.data.Splits;
import org.w2sg.data.Splitter;
import org.w2sg.io.Npy;
import org.w2sg.io.SharedDir;
import org.w2sg.model.ModelOptions;

/**
 * A request for only some of each seed's splits (the sweep's strong model needs B and T, not A): the entry holds just
 * those examples, their features are those of a full request, and a later request for all splits appends the rest
 * without touching the stored rows.
 */
class ActivationStorePartsTest {
    @TempDir
    static Path shared;
    static Path checkpoint;
    static final DatasetLoader DATA = new DatasetLoader(SharedDir.data());
    static final SplitSizes SIZES = new SplitSizes(12, 12, 8);

    @TempDir
    Path root;

    @BeforeAll
    static void writeCheckpoint() throws IOException {
        checkpoint = TestCheckpoints.tinyPythia(Files.createDirectories(shared.resolve("tiny-pythia")));
    }

    static ExtractionRequest request(Set<SplitPart> parts) {
        return ExtractionRequest.of(CheckpointRef.local(checkpoint), "sst2").withSizes(SIZES).withSeeds(List.of(0L, 1L))
                .withLayers(LayerSelection.of("1")).withPoolings(List.of(Pooling.LAST))
                .withTokenizer(TestCheckpoints.NEOX_TOKENIZER).withModel(ModelOptions.cpu())
                .withOptions(ExtractOptions.DEFAULT.withProgress(false).withBatchTokens(96).withGroupExamples(8))
                .withParts(parts);
    }

    static Set<String> ids(List<Splits> splits, Set<SplitPart> parts) {
        Set<String> out = new LinkedHashSet<>();
        for (Splits s : splits) for (Example e : SplitPart.examples(s, parts)) out.add(e.id());
        return out;
    }

    @Test
    void onlyTheRequestedSplitsAreExtractedAndTheRestIsAppendedLater() throws IOException {
        List<Splits> splits = List.of(Splitter.split(DATA.load("sst2"), SIZES, 0), Splitter.split(DATA.load("sst2"), SIZES, 1));
        Set<String> bt = ids(splits, SplitPart.TRANSFER_AND_TEST);
        Set<String> all = ids(splits, SplitPart.ALL);
        assertTrue(all.size() > bt.size(), "the seeds' A adds examples");

        var loader = new TestCheckpoints.CountingLoader();
        ActivationStore store = ActivationStore.open(root, DATA, loader);
        Activations strong = store.getOrExtract(request(SplitPart.TRANSFER_AND_TEST));
        assertEquals(bt, new LinkedHashSet<>(strong.ids()));
        assertEquals(bt.size(), strong.extraction().orElseThrow().examples(), "no forward pass for A");
        Path dir = strong.folder();
        assertEquals(bt, new LinkedHashSet<>(Files.readAllLines(dir.resolve("ids.txt"))), "the entry holds only B and T rows");
        JsonNode split0 = new ObjectMapper().readTree(dir.resolve("splits/seed-0_12-12-8.json").toFile());
        assertTrue(split0.has("transfer") && split0.has("test") && !split0.has("weak_train"), split0.toString());
        var e = assertThrows(IllegalStateException.class, () -> strong.split(0).weakTrain());
        assertTrue(e.getMessage().contains("split A of seed 0 was not requested"), e.getMessage());
        assertEquals(splits.get(1).transfer().stream().map(Example::id).toList(), pick(strong.ids(), strong.split(1).transfer()));

        // the same B and T features as a request for all three splits (another store, other batches)
        Activations full = ActivationStore.open(root.resolve("full"), DATA, new TestCheckpoints.CountingLoader())
                .getOrExtract(request(SplitPart.ALL));
        float[][] xs = strong.features(1, Pooling.LAST), xf = full.features(1, Pooling.LAST);
        for (int seed = 0; seed < 2; seed++) {
            for (int[][] rows : new int[][][] {{strong.split(seed).transfer(), full.split(seed).transfer()},
                    {strong.split(seed).test(), full.split(seed).test()}}) {
                assertEquals(rows[0].length, rows[1].length);
                for (int i = 0; i < rows[0].length; i++) {
                    assertEquals(strong.ids().get(rows[0][i]), full.ids().get(rows[1][i]));
                    assertTrue(ExtractorFixtureTest.maxAbsDiff(xs[rows[0][i]], xf[rows[1][i]]) < 1e-5, "row " + i);
                }
            }
        }

        // the weak model's request on the same entry: A is appended, the stored rows stay as they were
        float[] before = Npy.read(dir.resolve("hidden_01_last.npy")).floats();
        Activations widened = store.getOrExtract(request(SplitPart.ALL));
        assertEquals(all.size() - bt.size(), widened.extraction().orElseThrow().examples(), "only A's examples run");
        float[] after = Npy.read(dir.resolve("hidden_01_last.npy")).floats();
        assertEquals(all.size() * 64, after.length);
        assertArrayEquals(before, Arrays.copyOf(after, before.length), "old rows are untouched");
        assertEquals(splits.get(0).weakTrain().stream().map(Example::id).toList(), pick(widened.ids(), widened.split(0).weakTrain()));
        split0 = new ObjectMapper().readTree(dir.resolve("splits/seed-0_12-12-8.json").toFile());
        assertTrue(split0.has("weak_train"), "the split file names A once its rows are there: " + split0);

        int loads = loader.loads.get();
        Activations again = store.getOrExtract(request(SplitPart.TRANSFER_AND_TEST));
        assertTrue(again.extraction().isEmpty());
        assertEquals(loads, loader.loads.get(), "a B+T request is served by the wider entry");
        assertEquals(bt, new LinkedHashSet<>(again.ids()));
    }

    private static List<String> pick(List<String> ids, int[] rows) {
        return Arrays.stream(rows).mapToObj(ids::get).toList();
    }
}
