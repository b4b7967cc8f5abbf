package org.w2sg.sweep;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.w2sg.data.SplitPart;
import org.w2sg.extract.Activations;
import org.w2sg.extract.CheckpointRef;
import org.w2sg.extract.LayerSelection;
import org.w2sg.geometry.GeometryOptions;
import org.w2sg.probe.BootstrapOptions;
import org.w2sg.probe.Estimate;
import org.w2sg.probe.LabelKind;
import org.w2sg.probe.ProbeOptions;
import org.w2sg.probe.W2sEvaluation;
import org.w2sg.probe.WeakPredictions;
import org.w2sg.registry.Revision;
import org.w2sg.run.Metric;
import org.w2sg.run.TestRows;
import org.w2sg.run.Unit;
import org.w2sg.run.UnitResult;

/**
 * The W2SG protocol for the strong model's revisions: a revision's activations for every seed's B and T come from
 * the store (extracted once per dataset, shared by the layers and seeds; a resumed run reads them back), then per
 * unit the weak supervisor's labels and {@link W2sEvaluation} (ceiling and w2s probes scored on T).
 *
 * @param seeds    the split seeds of the whole plan (a revision's store entry holds the union of their examples)
 * @param weak     each weak supervisor's labeler by its description (a unit naming none: the only one)
 * @param geometry the geometry metrics each unit adds, or null for none
 */
record W2sRevisions(String model, List<Integer> seeds, LabelKind labels, ProbeOptions probe,
                    BootstrapOptions bootstrap, CheckpointSource strong, ActivationRequests features,
                    Map<String, WeakLabeler> weak, GeometryOptions geometry) implements LedgerLoop.Revisions {
    @Override
    public void upcoming(List<Revision> order) {
        strong.upcoming(order);
    }

    @Override
    public LedgerLoop.OpenRevision open(Revision revision, List<Unit> units) throws IOException {
        CheckpointSource.Opened checkpoint = strong.open(revision);
        try {
            Map<String, Activations> byDataset = strongFeatures(revision, checkpoint, units);
            return new LedgerLoop.OpenRevision() {
                @Override
                public Map<String, Object> provenance() {
                    return checkpoint.provenance();
                }

                @Override
                public UnitResult measure(Unit unit) throws IOException {
                    return W2sRevisions.this.measure(byDataset.get(unit.dataset()), unit);
                }

                @Override
                public void close() throws IOException {
                    checkpoint.close();
                }
            };
        } catch (RuntimeException e) {
            checkpoint.close();
            throw e;
        }
    }

    /** One store request per dataset for all the revision's layers; the strong model needs B and T only. */
    private Map<String, Activations> strongFeatures(Revision revision, CheckpointSource.Opened checkpoint,
                                                    List<Unit> units) {
        Map<String, TreeSet<Integer>> layers = new TreeMap<>();
        for (Unit u : units) layers.computeIfAbsent(u.dataset(), k -> new TreeSet<>()).add(u.layer());
        CheckpointRef ref = new CheckpointRef(model, revision.name(), checkpoint.dir());
        Map<String, Activations> byDataset = new HashMap<>();
        for (var e : layers.entrySet()) {
            String spec = e.getValue().stream().map(String::valueOf).collect(Collectors.joining(","));
            byDataset.put(e.getKey(), features.get(ref, e.getKey(), seeds, LayerSelection.of(spec),
                    SplitPart.TRANSFER_AND_TEST));
        }
        return byDataset;
    }

    /** One unit: B and T of the seed's split at the unit's layer, the weak labels, then the evaluation. */
    UnitResult measure(Activations a, Unit unit) throws IOException {
        Activations.Split split = a.split(unit.seed());
        float[][] x = features.rows(a, unit.layer());
        int[] gold = a.labels();
        int[] goldB = Rows.take(gold, split.transfer());
        int[] goldT = Rows.take(gold, split.test());
        List<String> testIds = Rows.take(a.ids(), split.test());
        WeakPredictions w = labeler(unit).label(new WeakLabeler.Halves(unit.dataset(), unit.seed(),
                Rows.take(a.ids(), split.transfer()), testIds, goldB, goldT));
        float[][] xB = Rows.take(x, split.transfer());
        float[][] xT = Rows.take(x, split.test());
        W2sEvaluation.Outcome o = W2sEvaluation.evaluate(xB, goldB, xT, goldT, w, labels,
                probe.withSeed(unit.seed()), bootstrap.withSeed(unit.seed()));
        // further per-unit metrics append to this list
        List<Metric> metrics = new ArrayList<>();
        o.recorded().forEach((name, e) -> metrics.add(metric(name, e)));
        if (geometry != null) {
            metrics.addAll(UnitGeometry.measure(xB, goldB, xT, goldT, w, o.ceiling(),
                    geometry.withSeed(unit.seed()).withProbe(probe.withSeed(unit.seed()))));
        }
        boolean[][] correct = o.testCorrect();
        return new UnitResult(model, unit, metrics, TestRows.of(testIds, correct[0], correct[1], correct[2]),
                o.lambdaPath());
    }

    private WeakLabeler labeler(Unit unit) {
        if (unit.weak() == null && weak.size() == 1) return weak.values().iterator().next();
        WeakLabeler l = weak.get(unit.weak());
        if (l == null) throw new IllegalStateException("no weak supervisor " + unit.weak() + " among " + weak.keySet());
        return l;
    }

    static Metric metric(String name, Estimate e) {
        return new Metric(name, finite(e.value()), finite(e.ciLow()), finite(e.ciHigh()), e.flag());
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
