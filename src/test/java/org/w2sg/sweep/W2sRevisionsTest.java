package org.w2sg.sweep;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w2sg.data.SplitSizes;
import org.w2sg.extract.ActivationStore;
import org.w2sg.extract.ExtractOptions;
import org.w2sg.extract.Pooling;
import org.w2sg.io.SharedDir;
import org.w2sg.model.ModelOptions;
import org.w2sg.probe.BootstrapOptions;
import org.w2sg.probe.LabelKind;
import org.w2sg.probe.MetricNames;
import org.w2sg.probe.ProbeOptions;
import org.w2sg.probe.WeakPredictions;
import org.w2sg.registry.Revision;
import org.w2sg.run.Metric;
import org.w2sg.run.Unit;
import org.w2sg.run.UnitResult;

/** One unit of the protocol on a real (tiny, random) checkpoint and real SST-2, with supervisors whose answer is known. */
class W2sRevisionsTest {
    @TempDir
    static Path tmp;

    static LocalCheckpoints repo;
    static ActivationRequests features;

    @BeforeAll
    static void setUp() throws Exception {
        TinyCheckpoints.write(tmp.resolve("tiny/step4"), 3);
        repo = new LocalCheckpoints(tmp.resolve("tiny"), 2097152);
        features = new ActivationRequests(ActivationStore.open(tmp.resolve("store"), SharedDir.data()), new SplitSizes(48, 48, 64),
                Pooling.LAST, ModelOptions.cpu(), ExtractOptions.DEFAULT.withMaxLength(32).withProgress(false));
    }

    static Map<String, Metric> runUnit(WeakLabeler weak, LabelKind kind) throws Exception {
        return unitResult(weak, kind).metrics().stream().collect(java.util.stream.Collectors.toMap(Metric::name, m -> m));
    }

    static UnitResult unitResult(WeakLabeler weak, LabelKind kind) throws Exception {
        W2sRevisions protocol = new W2sRevisions("tiny", List.of(0), kind,
                ProbeOptions.defaults().withLambdas(1, 100).withFolds(3), BootstrapOptions.defaults().withResamples(50),
                repo, features, java.util.Map.of(weak.describe(), weak), org.w2sg.geometry.GeometryOptions.defaults().withKs(1, 4));
        Revision rev = repo.revisions().getFirst();
        Unit unit = new Unit(rev.name(), rev.step(), rev.tokens(), "sst2", 1, 0);
        try (weak; LedgerLoop.OpenRevision c = protocol.open(rev, List.of(unit))) {
            UnitResult r = c.measure(unit);
            assertEquals(unit, r.unit());
            return r;
        }
    }

    @Test
    void goldLabelsAsWeakLabelsMakeTheW2sProbeTheCeilingProbe() throws Exception {
        UnitResult r = unitResult(new NoisyGoldLabeler(0.0), LabelKind.SOFT);
        Map<String, Metric> m = r.metrics().stream().collect(java.util.stream.Collectors.toMap(Metric::name, x -> x));
        assertEquals(1.0, m.get(MetricNames.WEAK_ACC).value(), "noisy-gold:0 is the gold labels");
        // the geometry rows: B-fitted alignments carry no interval, accuracies on T a binomial one around the value
        Metric cos = m.get("geo_pc1_gold_cos");
        assertTrue(cos.value() >= 0 && cos.value() <= 1 && cos.ciLow() == null, cos.toString());
        Metric dm = m.get("geo_diffmeans_acc");
        double se = Math.sqrt(dm.value() * (1 - dm.value()) / 64);
        assertEquals(Math.min(1, dm.value() + 1.959963984540054 * se), dm.ciHigh(), 1e-12, dm.toString());
        assertTrue(!m.get("geo_fewshot128_acc").defined(), "B has 48 rows: no 128-shot probe");
        assertEquals(1.0, m.get(MetricNames.WEAK_LABEL_ACC).value());
        assertEquals(m.get(MetricNames.CEILING_ACC).value(), m.get(MetricNames.W2S_ACC).value(),
                "same rows, same targets, same probe: same model");
        assertEquals(m.get(MetricNames.CEILING_LAMBDA).value(), m.get(MetricNames.W2S_LAMBDA).value());
        assertNull(m.get(MetricNames.PGR_ACC).value(), "the ceiling cannot beat a perfect supervisor: PGR undefined");
        assertTrue(m.get(MetricNames.PGR_ACC).flags().startsWith("pgr_undefined"), m.get(MetricNames.PGR_ACC).flags());
        // imitation: the supervisor is gold, so agreeing with it is being right, and it has no errors to copy
        assertEquals(m.get(MetricNames.W2S_ACC).value(), m.get(MetricNames.W2S_WEAK_AGREEMENT).value(), 1e-12);
        assertNull(m.get(MetricNames.COPIED_WEAK_ERRORS).value());
        assertTrue(m.get(MetricNames.COPIED_WEAK_ERRORS).flags().startsWith("no_weak_errors"));
        assertEquals(15 + org.w2sg.geometry.GeometryResult.names(new int[] {1, 4},
                org.w2sg.geometry.GeometryOptions.DEFAULT_FEW_SHOT).size(), m.size(), "15 protocol + geometry metrics");
        // the per-row test correctness: 64 rows, the weak supervisor right on all, counts matching the accuracies
        assertEquals(64, r.testRows().rows());
        assertEquals(64, r.testRows().weak().cardinality());
        assertEquals(m.get(MetricNames.CEILING_ACC).value(), r.testRows().ceiling().cardinality() / 64.0, 1e-12);
        assertEquals(m.get(MetricNames.W2S_ACC).value(), r.testRows().w2s().cardinality() / 64.0, 1e-12);
        // lambda sensitivity: the grid (1, 100); gold targets both ways, so the two paths are the same; at the lambda
        // CV chose, the refit is the probe recorded (up to one test row: Smile's solver vs the soft-target one)
        var path = r.lambdaPath();
        assertArrayEquals(new double[] {1, 100}, path.lambdas());
        assertArrayEquals(path.ceilingAcc(), path.w2sAcc());
        int chosen = path.ceilingChosen() == 1 ? 0 : 1;
        assertEquals(m.get(MetricNames.CEILING_ACC).value(), path.ceilingAcc()[chosen], 1.0 / 64 + 1e-12);
    }

    @Test
    void hardWeakLabelsOfOneClassGiveAConstantFlaggedW2sPrediction() throws Exception {
        WeakLabeler allNegative = new WeakLabeler() {
            @Override
            public WeakPredictions label(Halves h) {
                double[] b = new double[h.goldB().length];
                double[] t = new double[h.goldT().length];
                Arrays.fill(b, 0.3);
                Arrays.fill(t, 0.3);
                return new WeakPredictions(b, t, "constant 0.3");
            }

            @Override
            public String describe() {
                return "constant 0.3";
            }
        };
        // T is class-balanced, so predicting class 0 everywhere is right on exactly the negatives
        Map<String, Metric> m = runUnit(allNegative, LabelKind.HARD);
        assertEquals(m.get(MetricNames.WEAK_ACC).value(), m.get(MetricNames.W2S_ACC).value(),
                "both predict class 0 on every test row");
        assertEquals(0.5, m.get(MetricNames.W2S_ACC).value(), 1.0 / 64 + 1e-12);
        assertEquals(0.0, m.get(MetricNames.GAIN_ACC).value());
        assertTrue(m.get(MetricNames.W2S_ACC).flags().contains("w2s_constant"), m.get(MetricNames.W2S_ACC).flags());
        assertNull(m.get(MetricNames.W2S_LAMBDA).value());
        // the w2s prediction is the supervisor's on every row: full agreement, every weak error copied
        assertEquals(1.0, m.get(MetricNames.W2S_WEAK_AGREEMENT).value());
        assertEquals(1.0, m.get(MetricNames.COPIED_WEAK_ERRORS).value());
        assertTrue(m.get(MetricNames.COPIED_WEAK_ERRORS).flags().contains("w2s_constant"));
    }
}
