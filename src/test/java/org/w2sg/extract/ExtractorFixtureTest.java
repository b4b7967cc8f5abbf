package org.w2sg.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.w2sg.io.Npy;
import org.w2sg.model.DecoderModel;
import org.w2sg.model.HiddenRequest;
import org.w2sg.model.HiddenStateSink;
import org.w2sg.model.ModelOptions;
import org.w2sg.model.ModelSpec;
import org.w2sg.model.Models;
import org.w2sg.model.TokenBatch;

/**
 * Pooled vectors of the reference fixtures against the hidden states transformers computed. Every prefix of every
 * fixture sequence is an example (22 sequences of lengths 1..12): with causal attention, last-token pooling of the
 * prefix of length k is the expected hidden state at position k-1, and mean pooling is the mean over positions
 * 0..k-1. Left and right padding, one-per-batch up to all-in-one batches give the same numbers.
 */
class ExtractorFixtureTest {
    static final Path FIXTURES = org.w2sg.ReferenceFixtures.ROOT;
    static final double VS_TRANSFORMERS = 1e-4; // the fixtures' stated spread between correct float32 implementations
    static final double ACROSS_BATCHINGS = 1e-5;

    static DecoderModel pythia;

    @BeforeAll
    static void load() {
        pythia = Models.load(FIXTURES.resolve("gpt_neox_pythia"), ModelOptions.cpu());
    }

    @AfterAll
    static void close() {
        pythia.close();
    }

    record Prefixes(int[][] sequences, String[] ids, int[] row, int[] length) {}

    static Prefixes prefixes(Path fixture) throws IOException {
        JsonNode seqs = new ObjectMapper().readTree(fixture.resolve("inputs.json").toFile()).get("sequences");
        List<int[]> out = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        for (int r = 0; r < seqs.size(); r++) {
            for (int k = 1; k <= seqs.get(r).size(); k++) {
                int[] s = new int[k];
                for (int t = 0; t < k; t++) s[t] = seqs.get(r).get(t).asInt();
                out.add(s);
                rows.add(r);
            }
        }
        int n = out.size();
        String[] ids = new String[n];
        int[] row = new int[n];
        int[] len = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = "prefix-" + i;
            row[i] = rows.get(i);
            len[i] = out.get(i).length;
        }
        return new Prefixes(out.toArray(int[][]::new), ids, row, len);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt_neox_pythia", "olmo2_gqa"})
    void pooledVectorsEqualTheExpectedHiddenStatesWhateverTheBatching(String fixture) throws IOException {
        Path dir = FIXTURES.resolve(fixture);
        try (DecoderModel model = fixture.equals("gpt_neox_pythia") ? null : Models.load(dir, ModelOptions.cpu())) {
            DecoderModel m = model == null ? pythia : model;
            int layers = m.spec().numLayers();
            int h = m.spec().hiddenSize();
            Prefixes p = prefixes(dir);
            List<Integer> all = LayerSelection.of("all").resolve(layers);
            float[][] reference = null;
            for (PaddingSide side : PaddingSide.values()) {
                for (int budget : new int[] {1, 12, 40, 1000}) {
                    Extractor ex = new Extractor(m, all, List.of(Pooling.LAST, Pooling.MEAN), side);
                    float[][] got = ex.runAll(p.sequences(), p.ids(), budget);
                    if (reference == null) {
                        reference = got;
                        checkAgainstExpected(dir, got, p, layers, h);
                    } else {
                        for (int o = 0; o < got.length; o++) {
                            double d = maxAbsDiff(reference[o], got[o]);
                            assertTrue(d <= ACROSS_BATCHINGS, fixture + " " + side + " budget " + budget + " output " + o
                                    + ": differs from right padding, one per batch, by " + d);
                        }
                    }
                }
            }
        }
    }

    private static void checkAgainstExpected(Path dir, float[][] got, Prefixes p, int layers, int h) throws IOException {
        for (int layer = 0; layer <= layers; layer++) {
            Npy.Array e = Npy.read(dir.resolve("expected/right_padded/hidden_" + layer + ".npy"));
            int seq = e.dim(1);
            double maxLast = 0;
            double maxMean = 0;
            for (int i = 0; i < p.sequences().length; i++) {
                int r = p.row()[i];
                int k = p.length()[i];
                for (int d = 0; d < h; d++) {
                    float last = e.floats()[(r * seq + k - 1) * h + d];
                    double mean = 0;
                    for (int t = 0; t < k; t++) mean += e.floats()[(r * seq + t) * h + d];
                    mean /= k;
                    maxLast = Math.max(maxLast, Math.abs(got[layer * 2][i * h + d] - last));
                    maxMean = Math.max(maxMean, Math.abs(got[layer * 2 + 1][i * h + d] - mean));
                }
            }
            assertTrue(maxLast <= VS_TRANSFORMERS, dir + " hidden_" + layer + " last-token pooling off by " + maxLast);
            assertTrue(maxMean <= VS_TRANSFORMERS, dir + " hidden_" + layer + " mean pooling off by " + maxMean);
        }
    }

    @Test
    void onlyTheRequestedLayersAndPoolingsComeBackInLayerMajorOrder() throws IOException {
        Prefixes p = prefixes(FIXTURES.resolve("gpt_neox_pythia"));
        Extractor all = new Extractor(pythia, List.of(0, 1, 2, 3), List.of(Pooling.LAST, Pooling.MEAN), PaddingSide.RIGHT);
        Extractor some = new Extractor(pythia, List.of(2), List.of(Pooling.MEAN), PaddingSide.RIGHT);
        float[][] a = all.runAll(p.sequences(), p.ids(), 64);
        float[][] s = some.runAll(p.sequences(), p.ids(), 64);
        assertEquals(1, s.length);
        assertTrue(maxAbsDiff(a[2 * 2 + 1], s[0]) <= ACROSS_BATCHINGS);
    }

    @Test
    void aNaNAtARealPositionStopsWithLayerAndExampleButPaddingIsIgnored() throws IOException {
        Prefixes p = prefixes(FIXTURES.resolve("gpt_neox_pythia"));
        // poisons hidden state 2 of batch row 1 at its first position, and every padded position of every row
        DecoderModel poisoned = new Poisoning(pythia, 2);
        Extractor ex = new Extractor(poisoned, List.of(1, 2), List.of(Pooling.LAST), PaddingSide.LEFT);
        int[][] batch = {p.sequences()[18], p.sequences()[5], p.sequences()[2]};
        NonFiniteActivationException e = assertThrows(NonFiniteActivationException.class,
                () -> ex.runBatch(batch, new String[] {"a", "b", "c"}));
        assertEquals(2, e.hiddenIndex());
        assertEquals("b", e.exampleId());
        assertTrue(e.getMessage().startsWith("NaN in hidden state 2 (output of layer 1) of example b"), e.getMessage());
        // row 1 is the longest: only padding of the other rows is poisoned, which must not count
        int[][] ok = {p.sequences()[11], p.sequences()[18], p.sequences()[2]};
        float[][] out = ex.runBatch(ok, new String[] {"a", "b", "c"});
        for (float v : out[1]) assertTrue(Float.isFinite(v));
    }

    static double maxAbsDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    /** Puts NaN into one hidden state: at (row 1, its first real position) unless row 1 is the longest, and at padding. */
    record Poisoning(DecoderModel inner, int index) implements DecoderModel {
        public ModelSpec spec() {
            return inner.spec();
        }

        public void forward(TokenBatch batch, HiddenRequest request, HiddenStateSink sink) {
            inner.forward(batch, request, new HiddenStateSink() {
                public void hidden(int i, NDArray value) {
                    if (i != index) {
                        sink.hidden(i, value);
                        return;
                    }
                    int s = batch.seqLen();
                    int h = Math.toIntExact(value.getShape().get(2));
                    float[] poison = new float[batch.batchSize() * s * h];
                    int longest = 0;
                    for (int r = 0; r < batch.batchSize(); r++) {
                        if (batch.lastRealIndex(r) - firstReal(batch, r) > batch.lastRealIndex(longest) - firstReal(batch, longest)) longest = r;
                    }
                    for (int r = 0; r < batch.batchSize(); r++) {
                        for (int t = 0; t < s; t++) {
                            boolean real = batch.attentionMask()[r * s + t] == 1;
                            boolean hit = !real || (r == 1 && longest != 1 && t == firstReal(batch, r));
                            if (hit) poison[(r * s + t) * h] = Float.NaN;
                        }
                    }
                    sink.hidden(i, value.add(value.getManager().create(poison, value.getShape())));
                }
            });
        }

        private static int firstReal(TokenBatch b, int r) {
            for (int t = 0; t < b.seqLen(); t++) if (b.attentionMask()[r * b.seqLen() + t] == 1) return t;
            return -1;
        }

        public void close() {}
    }
}
