package org.w2sg.extract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w2sg.data.DatasetLoader;
import org.w2sg.data.Example;
import org.w2sg.data.SplitSizes;
import org.w2sg.data.Splits;
import org.w2sg.data.Splitter;
import org.w2sg.hub.CheckpointResolver;
import org.w2sg.hub.FakeHub;
import org.w2sg.hub.HubClient;
import org.w2sg.hub.HubSettings;
import org.w2sg.hub.SnapshotFetcher;
import org.w2sg.hub.WeightAudit;
import org.w2sg.io.Npy;
import org.w2sg.io.SharedDir;
import org.w2sg.model.DecoderModel;
import org.w2sg.model.ModelOptions;
import org.w2sg.model.Models;

/** The store with real SST-2 text, the real GPT-NeoX tokenizer and a tiny random Pythia-layout checkpoint. */
class ActivationStoreTest {
    @TempDir
    static Path shared;
    static Path checkpoint;
    static final DatasetLoader DATA = new DatasetLoader(SharedDir.data());

    @TempDir
    Path root;

    @BeforeAll
    static void writeCheckpoint() throws IOException {
        checkpoint = TestCheckpoints.tinyPythia(Files.createDirectories(shared.resolve("tiny-pythia")));
    }

    static ExtractionRequest request(List<Long> seeds, String layers) {
        return ExtractionRequest.of(CheckpointRef.local(checkpoint), "sst2")
                .withSizes(new SplitSizes(12, 12, 8))
                .withSeeds(seeds)
                .withLayers(LayerSelection.of(layers))
                .withPoolings(List.of(Pooling.LAST, Pooling.MEAN))
                .withTokenizer(TestCheckpoints.NEOX_TOKENIZER)
                .withModel(ModelOptions.cpu())
                .withOptions(ExtractOptions.DEFAULT.withProgress(false).withBatchTokens(96).withGroupExamples(8));
    }

    @Test
    void extractsOnceThenReusesWithoutLoadingTheModel() throws IOException {
        var loader = new TestCheckpoints.CountingLoader();
        ActivationStore store = ActivationStore.open(root, DATA, loader);
        Activations a = store.getOrExtract(request(List.of(0L), "all"));
        assertEquals(1, loader.loads.get());
        assertEquals(32, a.size());
        assertEquals(32, a.extraction().orElseThrow().examples());
        assertEquals(List.of(0, 1, 2), a.layers());
        Path dir = root.resolve("tiny-pythia/local/sst2");
        assertEquals(dir, a.folder());
        for (String f : List.of("entry.json", "ids.txt", "labels.npy", "lengths.npy", "truncated_tokens.npy",
                "hidden_00_last.npy", "hidden_02_mean.npy", "splits/seed-0_12-12-8.json")) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        assertFalse(Files.exists(dir.resolve("partial")));
        Npy.Array last1 = Npy.read(dir.resolve("hidden_01_last.npy"));
        assertArrayEquals(new long[] {32, 64}, last1.shape());

        // the split the store records is the one the data package draws
        Splits s = Splitter.split(DATA.load("sst2"), new SplitSizes(12, 12, 8), 0);
        Activations.Split split = a.split(0);
        assertEquals(s.weakTrain().stream().map(Example::id).toList(), pick(a.ids(), split.weakTrain()));
        assertEquals(s.test().stream().map(Example::id).toList(), pick(a.ids(), split.test()));
        int[] labels = a.labels();
        for (int i = 0; i < a.size(); i++) assertEquals(a.examples().get(i).label(), labels[i]);

        // each stored row equals the example pooled alone (batch of one), so rows are not mixed up by the batching
        float[][] stored = a.features(1, Pooling.LAST);
        float[][] storedMean = a.features(2, Pooling.MEAN);
        try (DecoderModel m = Models.load(checkpoint, ModelOptions.cpu());
             TextTokenizer tok = TextTokenizer.open(TestCheckpoints.NEOX_TOKENIZER, 2048)) {
            Extractor ex = new Extractor(m, List.of(1, 2), List.of(Pooling.LAST, Pooling.MEAN), PaddingSide.RIGHT);
            for (int i : new int[] {0, 7, 19, 31}) {
                float[][] alone = ex.runBatch(new int[][] {tok.encode(a.examples().get(i).text()).ids()},
                        new String[] {a.ids().get(i)});
                assertTrue(ExtractorFixtureTest.maxAbsDiff(alone[0], stored[i]) < 1e-5, "row " + i);
                assertTrue(ExtractorFixtureTest.maxAbsDiff(alone[3], storedMean[i]) < 1e-5, "row " + i);
            }
        }

        Activations again = store.getOrExtract(request(List.of(0L), "1"));
        assertEquals(1, loader.loads.get(), "a valid entry is reused without loading the model");
        assertTrue(again.extraction().isEmpty());
        assertArrayEquals(a.flatFeatures(1, Pooling.LAST), again.flatFeatures(1, Pooling.LAST));
        assertEquals(List.of(0, 1, 2), again.layers(), "the entry keeps all its layers");
    }

    @Test
    void aNewSeedExtractsOnlyItsNewExamplesAndKeepsTheOldRows() throws IOException {
        var loader = new TestCheckpoints.CountingLoader();
        ActivationStore store = ActivationStore.open(root, DATA, loader);
        Activations first = store.getOrExtract(request(List.of(0L), "mid"));
        float[] before = Npy.read(first.folder().resolve("hidden_01_last.npy")).floats();
        Activations both = store.getOrExtract(request(List.of(0L, 1L), "mid"));
        int union = both.size();
        assertTrue(union > 32 && union <= 64);
        assertEquals(union - 32, both.extraction().orElseThrow().examples());
        float[] after = Npy.read(first.folder().resolve("hidden_01_last.npy")).floats();
        assertEquals(union * 64, after.length);
        assertArrayEquals(before, java.util.Arrays.copyOf(after, before.length), "old rows are untouched");
        // the seed-1 split rows point at its own examples
        Splits s1 = Splitter.split(DATA.load("sst2"), new SplitSizes(12, 12, 8), 1);
        assertEquals(s1.transfer().stream().map(Example::id).toList(), pick(both.ids(), both.split(1).transfer()));
        assertTrue(Files.isRegularFile(first.folder().resolve("splits/seed-1_12-12-8.json")));
    }

    @Test
    void newLayersReextractTheStoredRowsAndAChangedIdentityRebuilds() throws IOException {
        var loader = new TestCheckpoints.CountingLoader();
        ActivationStore store = ActivationStore.open(root, DATA, loader);
        Activations mid = store.getOrExtract(request(List.of(0L), "mid"));
        Activations all = store.getOrExtract(request(List.of(0L), "all"));
        float[] fullLength = all.flatFeatures(0, Pooling.MEAN);
        assertEquals(2, loader.loads.get());
        assertEquals(List.of(0, 1, 2), all.layers());
        assertEquals(mid.ids(), all.ids());
        assertTrue(ExtractorFixtureTest.maxAbsDiff(mid.flatFeatures(1, Pooling.LAST), all.flatFeatures(1, Pooling.LAST)) < 1e-6);

        ExtractionRequest shorter = request(List.of(0L), "all");
        shorter = shorter.withOptions(shorter.options().withMaxLength(8));
        Activations cut = store.getOrExtract(shorter);
        assertEquals(3, loader.loads.get(), "a different max length is another identity: rebuilt");
        long[] truncated = Npy.read(cut.folder().resolve("truncated_tokens.npy")).longs();
        assertTrue(java.util.Arrays.stream(truncated).anyMatch(t -> t > 0));
        assertNotEquals(0, ExtractorFixtureTest.maxAbsDiff(cut.flatFeatures(0, Pooling.MEAN), fullLength));
        IllegalStateException stale = assertThrows(IllegalStateException.class, () -> all.flatFeatures(0, Pooling.MEAN));
        assertTrue(stale.getMessage().contains("rebuilt"), stale.getMessage());
    }

    @Test
    void anInterruptedExtractionResumesFromItsLastGroupAndGivesIdenticalFiles(@TempDir Path other) throws IOException {
        var plain = new TestCheckpoints.CountingLoader();
        ActivationStore.open(other, DATA, plain).getOrExtract(request(List.of(0L), "all"));
        int totalBatches = plain.batches.get();
        assertTrue(totalBatches >= 4, "test needs several batches, got " + totalBatches);

        var crashing = new TestCheckpoints.CountingLoader();
        crashing.failAfterBatches = totalBatches / 2;
        ActivationStore store = ActivationStore.open(root, DATA, crashing);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.getOrExtract(request(List.of(0L), "all")));
        assertTrue(e.getMessage().startsWith("simulated crash"), e.getMessage());
        Path dir = root.resolve("tiny-pythia/local/sst2");
        assertFalse(Files.exists(dir.resolve("entry.json")));
        long finishedGroups;
        try (Stream<Path> s = Files.list(dir.resolve("partial"))) {
            finishedGroups = s.filter(p -> Files.isRegularFile(p.resolve("done"))).count();
        }
        assertTrue(finishedGroups >= 1, "some groups were finished before the crash");

        var resumed = new TestCheckpoints.CountingLoader();
        Activations a = ActivationStore.open(root, DATA, resumed).getOrExtract(request(List.of(0L), "all"));
        assertTrue(resumed.batches.get() < totalBatches, "resumed run ran " + resumed.batches.get() + " of " + totalBatches);
        assertTrue(a.extraction().orElseThrow().resumedExamples() > 0);
        Path ref = other.resolve("tiny-pythia/local/sst2");
        for (String f : dataFiles(ref)) {
            assertArrayEquals(Files.readAllBytes(ref.resolve(f)), Files.readAllBytes(dir.resolve(f)), f + " differs");
        }
        assertEquals(dataFiles(ref), dataFiles(dir));
        // entry.json too: no clock time, no per-process timings or counts
        assertEquals(Files.readString(ref.resolve("entry.json")), Files.readString(dir.resolve("entry.json")));
        // and every JSON object's keys sorted, so a run in another JVM (Map.of's order is per JVM) writes the same bytes
        for (String f : dataFiles(dir)) {
            if (f.endsWith(".json")) assertKeysSorted(new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve(f).toFile()), f);
        }
    }

    private static void assertKeysSorted(com.fasterxml.jackson.databind.JsonNode n, String file) {
        if (n.isObject()) {
            List<String> keys = new ArrayList<>();
            n.fieldNames().forEachRemaining(keys::add);
            if (n.has("dataset") && n.has("seed") || n.has("weak_train") && n.has("test") && n.size() == 3) {
                assertEquals(keys.stream().sorted().toList(), keys, file + ": keys not sorted");
            }
            n.elements().forEachRemaining(c -> assertKeysSorted(c, file));
        } else if (n.isArray()) {
            n.elements().forEachRemaining(c -> assertKeysSorted(c, file));
        }
    }

    @Test
    void saveTokensStoresTheTokenIdsTheModelSaw() throws IOException {
        ExtractionRequest r = request(List.of(0L), "mid");
        r = r.withOptions(r.options().withSaveTokens(true));
        Activations a = ActivationStore.open(root, DATA, new TestCheckpoints.CountingLoader()).getOrExtract(r);
        long[] tokens = Npy.read(a.folder().resolve("tokens.npy")).longs();
        long[] offsets = Npy.read(a.folder().resolve("token_offsets.npy")).longs();
        long[] lengths = Npy.read(a.folder().resolve("lengths.npy")).longs();
        assertEquals(a.size() + 1, offsets.length);
        List<String> ids = Files.readAllLines(a.folder().resolve("ids.txt"));
        try (TextTokenizer tok = TextTokenizer.open(TestCheckpoints.NEOX_TOKENIZER, 2048)) {
            for (int row = 0; row < ids.size(); row++) {
                String id = ids.get(row);
                Example e = a.examples().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
                int[] expected = tok.encode(e.text()).ids();
                long[] got = java.util.Arrays.copyOfRange(tokens, (int) offsets[row], (int) offsets[row + 1]);
                assertArrayEquals(java.util.Arrays.stream(expected).asLongStream().toArray(), got, id);
                assertEquals(expected.length, lengths[row]);
            }
        }
    }

    @Test
    void aHubCheckpointIsFetchedThroughTheHubClientAndStoredUnderOrgNameRevision(@TempDir Path hubCache) throws Exception {
        try (FakeHub server = new FakeHub()) {
            server.addRevision("test-org/tiny-pythia", "step1000", checkpoint);
            HubSettings settings = HubSettings.forTests(server.endpoint(), hubCache);
            CheckpointRef ref = CheckpointLocator.withHub(() -> new CheckpointResolver(null,
                    new SnapshotFetcher(new HubClient(settings)), new WeightAudit(settings.assetsDir())))
                    .locate("test-org/tiny-pythia@step1000");
            assertEquals(new CheckpointRef("test-org/tiny-pythia", "step1000", ref.dir()), ref);
            assertTrue(ref.dir().startsWith(hubCache), ref.dir().toString());
            ExtractionRequest r = request(List.of(0L), "mid");
            Activations a = ActivationStore.open(root, DATA, new TestCheckpoints.CountingLoader())
                    .getOrExtract(new ExtractionRequest(ref, r.dataset(), r.sizes(), r.seeds(), r.layers(), r.poolings(),
                            r.tokenizer(), r.model(), r.options()));
            assertEquals(root.resolve("test-org--tiny-pythia/step1000/sst2"), a.folder());
            // the weight file's sha256 is taken from the cache blob's name; it must be the file's real sha256
            EntryManifest m = StoreJson.MAPPER.readValue(a.folder().resolve("entry.json").toFile(), EntryManifest.class);
            assertEquals(CheckpointFingerprint.sha256(checkpoint.resolve("model.safetensors")),
                    m.identity().checkpointSha256().get("model.safetensors"));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CheckpointLocator.withHub(() -> { throw new AssertionError("no hub for a path"); })
                        .locate(root.resolve("missing/folder").toString()));
        assertTrue(e.getMessage().endsWith("does not exist"), e.getMessage());
    }

    private static List<String> dataFiles(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                String rel = dir.relativize(p).toString();
                if (!rel.equals("entry.json") && !rel.equals(".lock")) out.add(rel);
            }
        }
        return out;
    }

    private static List<String> pick(List<String> ids, int[] rows) {
        return java.util.Arrays.stream(rows).mapToObj(ids::get).toList();
    }

    @SuppressWarnings("unused")
    private static Map<String, Object> manifest(Path dir) throws IOException {
        return StoreJson.MAPPER.readValue(dir.resolve("entry.json").toFile(), Map.class);
    }
}
