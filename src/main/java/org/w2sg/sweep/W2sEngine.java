package org.w2sg.sweep;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.w2sg.data.SplitPart;
import org.w2sg.extract.Activations;
import org.w2sg.extract.CheckpointRef;
import org.w2sg.extract.LayerSelection;
import org.w2sg.probe.BootstrapOptions;
import org.w2sg.probe.Estimate;
import org.w2sg.probe.LabelKind;
import org.w2sg.probe.LogisticProbe;
import org.w2sg.probe.Metrics;
import org.w2sg.probe.PairedBootstrap;
import org.w2sg.probe.ProbeFit;
import org.w2sg.probe.ProbeOptions;
import org.w2sg.probe.Targets;
import org.w2sg.probe.W2sEvaluation;
import org.w2sg.probe.W2sMetrics;
import org.w2sg.probe.WeakPredictions;
import org.w2sg.registry.Revision;
import org.w2sg.run.Metric;
import org.w2sg.run.MetricNames;
import org.w2sg.run.UnitResult;

/**
 * The W2SG protocol for one revision of the strong model: its activations for every seed's split come from the
 * activation store (extracted once per dataset, shared by the layers and seeds; a resumed run reads them back), then
 * per unit a ceiling probe on B's gold labels and a w2s probe on the weak supervisor's labels, both scored on T with
 * the paired bootstrap.
 */
public final class W2sEngine implements UnitEngine {
    /** @param seeds the split seeds of the whole plan (a revision's store entry holds the union of their examples) */
    public record Settings(String model, List<Integer> seeds, LabelKind labels, ProbeOptions probe,
                           BootstrapOptions bootstrap) {}

    private final Settings settings;
    private final CheckpointSource strong;
    private final Features features;
    private final WeakLabeler weak;

    public W2sEngine(Settings settings, CheckpointSource strong, Features features, WeakLabeler weak) {
        this.settings = settings;
        this.strong = strong;
        this.features = features;
        this.weak = weak;
    }

    @Override
    public Checkpoint open(Revision revision, List<Unit> units) throws IOException {
        CheckpointSource.Opened opened = strong.open(revision);
        try {
            Map<String, TreeSet<Integer>> layers = new TreeMap<>();
            for (Unit u : units) layers.computeIfAbsent(u.dataset(), k -> new TreeSet<>()).add(u.layer());
            CheckpointRef ref = new CheckpointRef(settings.model(), revision.name(), opened.dir());
            Map<String, Activations> byDataset = new HashMap<>();
            for (var e : layers.entrySet()) {
                String spec = e.getValue().stream().map(String::valueOf).collect(Collectors.joining(","));
                // the strong model is probed on B and scored on T; A is only the weak supervisor's
                byDataset.put(e.getKey(), features.get(ref, e.getKey(), settings.seeds(), LayerSelection.of(spec),
                        SplitPart.TRANSFER_AND_TEST));
            }
            return new Opened(opened, byDataset);
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    @Override
    public void upcoming(List<Revision> order) {
        strong.upcoming(order);
    }

    @Override
    public void close() throws IOException {
        weak.close();
    }

    private final class Opened implements Checkpoint {
        private final CheckpointSource.Opened checkpoint;
        private final Map<String, Activations> activations;

        Opened(CheckpointSource.Opened checkpoint, Map<String, Activations> activations) {
            this.checkpoint = checkpoint;
            this.activations = activations;
        }

        @Override
        public UnitResult run(Unit unit) throws IOException {
            Activations a = activations.get(unit.dataset());
            Activations.Split split = a.split(unit.seed());
            float[][] x = features.rows(a, unit.layer());
            int[] gold = a.labels();
            float[][] xb = Features.take(x, split.transfer());
            float[][] xt = Features.take(x, split.test());
            int[] goldB = Features.take(gold, split.transfer());
            int[] goldT = Features.take(gold, split.test());
            WeakPredictions w = weak.label(new WeakLabeler.Halves(unit.dataset(), unit.seed(),
                    Features.take(a.ids(), split.transfer()), Features.take(a.ids(), split.test()), goldB, goldT));
            ProbeOptions probe = settings.probe().withSeed(unit.seed());
            BootstrapOptions boot = settings.bootstrap().withSeed(unit.seed());
            List<Metric> metrics = new ArrayList<>();
            double w2sLambda;
            double ceilingLambda;
            OptionalInt oneClass = settings.labels() == LabelKind.HARD ? oneClass(w.transfer()) : OptionalInt.empty();
            if (oneClass.isPresent()) {
                // Hard weak labels of a single class: a logistic probe with an intercept fitted to them predicts that
                // class everywhere (there is no boundary to learn), so that is the w2s prediction, and it is flagged.
                ProbeFit ceiling = LogisticProbe.fit(xb, goldB, probe);
                double[] w2sT = new double[goldT.length];
                Arrays.fill(w2sT, oneClass.getAsInt());
                W2sMetrics m = PairedBootstrap.evaluate(w.test(), ceiling.predictProba(xt), w2sT, goldT, boot);
                String flag = "w2s_constant: the hard weak labels of B are all " + oneClass.getAsInt();
                m.byName().forEach((name, est) -> metrics.add(name.startsWith("w2s_") || name.startsWith("gain_")
                        || name.startsWith("pgr_") ? flagged(metric(name, est), flag) : metric(name, est)));
                ceilingLambda = ceiling.lambda();
                w2sLambda = Double.NaN;
            } else {
                W2sEvaluation.Outcome o = W2sEvaluation.evaluate(xb, goldB, xt, goldT, w, settings.labels(), probe, boot);
                o.metrics().byName().forEach((name, est) -> metrics.add(metric(name, est)));
                ceilingLambda = o.ceiling().lambda();
                w2sLambda = o.w2s().lambda();
            }
            metrics.add(new Metric(MetricNames.WEAK_LABEL_ACC, Metrics.accuracy(w.transfer(), goldB), null, null, ""));
            metrics.add(new Metric(MetricNames.CEILING_LAMBDA, ceilingLambda, null, null, ""));
            metrics.add(new Metric(MetricNames.W2S_LAMBDA, finite(w2sLambda), null, null, ""));
            return new UnitResult(settings.model(), unit, metrics);
        }

        @Override
        public Map<String, Object> provenance() {
            return checkpoint.provenance();
        }

        @Override
        public void close() throws IOException {
            checkpoint.close();
        }
    }

    /** The class of every hard label when they are all the same. */
    static OptionalInt oneClass(double[] proba) {
        double[] hard = Targets.harden(proba);
        for (double h : hard) if (h != hard[0]) return OptionalInt.empty();
        return hard.length == 0 ? OptionalInt.empty() : OptionalInt.of((int) hard[0]);
    }

    private static Metric flagged(Metric m, String flag) {
        return new Metric(m.name(), m.value(), m.ciLow(), m.ciHigh(), m.flags().isEmpty() ? flag : m.flags() + ";" + flag);
    }

    static Metric metric(String name, Estimate e) {
        return new Metric(name, finite(e.value()), finite(e.ciLow()), finite(e.ciHigh()), e.flag());
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
