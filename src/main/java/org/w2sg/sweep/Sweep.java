package org.w2sg.sweep;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.w2sg.data.Splitter;
import org.w2sg.errors.UserException;
import org.w2sg.extract.ActivationStore;
import org.w2sg.extract.ModelLoader;
import org.w2sg.registry.CheckpointSpec;
import org.w2sg.registry.Revision;
import org.w2sg.run.CheckpointIdentity;
import org.w2sg.run.RunFolder;
import org.w2sg.run.RunSettings;

/**
 * The weak-to-strong checkpoint sweep, top-down: resolve the models, plan the units, then per revision of the strong
 * model its features, the weak labels, the W2SG protocol and a ledger record per unit; export the tables once the
 * whole plan is done ({@link LedgerLoop}: what is done is skipped, what finishes is recorded at once). Everything is
 * checked before the run folder is touched; a kill at any point loses at most the
 * unit in flight, and the same command resumes.
 */
public final class Sweep {
    private Sweep() {}

    /** What this process found and did; {@code complete} when the ledger now holds every unit of the whole plan. */
    public record Outcome(int shardUnits, int alreadyDone, int ran, int missingOverall) {
        public boolean complete() {
            return missingOverall == 0;
        }
    }

    /** The tables, plots and run.json of a finished run folder (report's exporter: it comes later in the data flow). */
    public interface Export {
        void export(RunFolder folder) throws IOException;
    }

    public static Outcome run(SweepConfig c, PrintStream log, Export export) throws IOException {
        try (Checkpoints checkpoints = new Checkpoints(c.registry(), c.hub(), c.keepWeights(), c.tokensPerStep())) {
            // 1. resolve: the strong model's revisions and layers, the weak supervisors, the run folder
            CheckpointSource strong = checkpoints.source(c.model());
            List<Revision> revisions = c.steps().select(strong.revisions());
            requireTokens(c.model(), revisions);
            List<Integer> layers = c.layers().resolve(strong.numLayers());
            List<WeakChoice> weak = weakSupervisors(checkpoints, c.weak(), strong);
            for (WeakChoice w : weak) warnUnlessSmaller(strong, w, log);
            List<String> weakNames = weak.stream().map(WeakChoice::description).toList();
            RunSettings settings = c.settings(strong.model(), String.join(",", weakNames));
            RunFolder folder = new RunFolder(c.outDir(strong.model()));

            // 2. pre-flight: every checkpoint and dataset there and readable, all problems named at once; then plan,
            // and every dataset's splits checked before anything is written
            List<CheckpointIdentity> identities = Preflight.check(strong, revisions, weak, c.datasets(),
                    d -> datasetProblem(c.data(), d), (s, w, d) -> fetchCommand(c, s, w, d));
            Plan plan = Plan.of(revisions, c.datasets(), layers, c.seeds(), weakNames);
            ActivationStore store = ActivationStore.open(c.storeDir(folder.dir()), c.data(), ModelLoader.standard());
            checkSplits(store, c, weak.stream().anyMatch(WeakChoice::trainsOnA));
            ActivationRequests features = new ActivationRequests(store, c.sizes(), c.pooling(), c.device(), c.extraction());

            // 3. per revision: features, each supervisor's weak labels, evaluation, ledger
            Outcome outcome;
            try (WeakLabelers labelers = WeakLabelers.of(weak, features, c.seeds(), c.probe())) {
                W2sRevisions protocol = new W2sRevisions(strong.model(), c.seeds(), c.weakLabels(), c.probe(),
                        c.bootstrap(), strong, features, labelers.byName(), c.geometry());
                LedgerLoop.Identities bind = new LedgerLoop.Identities(identities, r -> strong.identity(CheckpointIdentity.STRONG, r),
                        () -> {
                            List<CheckpointIdentity> ids = new ArrayList<>();
                            for (WeakChoice w : weak) if (w instanceof WeakChoice.GoldProbe g) ids.add(g.identity());
                            return ids;
                        });
                outcome = LedgerLoop.runPlan(folder, settings, c.shard(), plan, protocol,
                        new LedgerLoop.Bookkeeping(log, c.progress(), c.invocation(), r -> {}), bind);
            }

            // 4. export, once every shard has finished
            if (outcome.complete()) {
                export.export(folder);
            } else {
                log.printf("%s: this process is done; %d units of the plan are still missing (other shards?). "
                        + "When every shard has finished, run: harness export --out %s%n", folder.dir(),
                        outcome.missingOverall(), folder.dir());
            }
            return outcome;
        }
    }

    /** --weak's supervisors resolved (none given: the registry's default one); two that resolve alike are refused. */
    private static List<WeakChoice> weakSupervisors(Checkpoints checkpoints, List<WeakSpec> specs,
                                                    CheckpointSource strong) throws IOException {
        List<WeakChoice> out = new ArrayList<>();
        for (WeakSpec s : specs.isEmpty() ? java.util.Collections.<WeakSpec>singletonList(null) : specs) {
            WeakChoice w = checkpoints.weak(s, strong);
            if (out.stream().anyMatch(o -> o.description().equals(w.description()))) {
                throw new UserException("--weak names " + w.description() + " twice (" + s + " resolves to it): give "
                        + "each supervisor once");
            }
            out.add(w);
        }
        return out;
    }

    /**
     * Every curve, fit and plot is against tokens seen: a local folder whose names do not say them (step1000,
     * checkpoint-1000) needs --tokens-per-step, or the run would end with empty plots and no transition.
     */
    private static void requireTokens(String model, List<Revision> revisions) {
        List<String> unknown = revisions.stream().filter(r -> r.tokens() < 0).map(Revision::name).toList();
        if (unknown.isEmpty()) return;
        boolean local = CheckpointSpec.namesFolder(model);
        throw new UserException("--model " + model + ": the revision names (" + String.join(", ", unknown.subList(0,
                Math.min(3, unknown.size()))) + (unknown.size() > 3 ? ", ..." : "") + ") do not say how many tokens "
                + "each checkpoint has seen: give --tokens-per-step N (batch size x sequence length, e.g. 2097152 "
                + "for Pythia's 1024 x 2048)" + (local ? ", or name the folders like step1000-tokens4B" : ""));
    }

    /** Weak-to-strong needs a weaker supervisor: say so when the weak model is as large as the strong one or larger. */
    private static void warnUnlessSmaller(CheckpointSource strong, WeakChoice weak, PrintStream log) throws IOException {
        if (!(weak instanceof WeakChoice.GoldProbe g)) return;
        var s = strong.blockParameters();
        var w = g.source().blockParameters();
        if (s.isEmpty() || w.isEmpty() || w.getAsLong() < s.getAsLong()) return;
        log.printf(Locale.ROOT, "warning: the weak supervisor %s (%.1fM block parameters) is not smaller than the "
                + "strong model %s (%.1fM): PGR then measures something else than weak-to-strong generalization; "
                + "give a smaller --weak, or noisy-gold:P%n", weak.description(), w.getAsLong() / 1e6, strong.model(),
                s.getAsLong() / 1e6);
    }

    private static String datasetProblem(org.w2sg.data.DatasetLoader loader, String dataset) {
        try {
            loader.load(dataset);
            return null;
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    /** The one command that fetches every missing checkpoint and dataset file of this run. */
    private static String fetchCommand(SweepConfig c, List<String> strongRevisions, String weakCheckpoint,
                                       List<String> badDatasets) {
        StringBuilder b = new StringBuilder("harness download");
        if (!strongRevisions.isEmpty()) {
            b.append(" --model ").append(c.model()).append(" --steps ").append(String.join(",", strongRevisions));
        }
        if (weakCheckpoint != null) b.append(" --weak ").append(weakCheckpoint);
        if (!badDatasets.isEmpty()) {
            b.append(" --datasets ").append(String.join(",", badDatasets));
            if (!c.data().dataDir().equals(org.w2sg.io.SharedDir.data())) b.append(" --data-dir ").append(c.data().dataDir());
        }
        return b.toString();
    }

    /** Every dataset must give every seed its A, B and T before anything is written. */
    private static void checkSplits(ActivationStore store, SweepConfig c, boolean weakTrainsOnA) {
        int folds = c.probe().folds();
        int least = 2 * folds;
        var sizes = c.sizes();
        if (sizes.transfer() < least || (weakTrainsOnA && sizes.weakTrain() < least) || sizes.test() < 2) {
            throw new UserException("split sizes " + sizes + " (A/B/T) are too small: the probes' " + folds + "-fold "
                    + "cross-validation needs at least " + least + " examples in B" + (weakTrainsOnA ? " and in A" : "")
                    + ", and T at least 2; raise " + (c.invocation().get("options") instanceof Map<?, ?> given && given.containsKey("max-examples")
                    ? "--max-examples to at least " + leastTotal(least, weakTrainsOnA)
                    : "--n-transfer/--n-weak/--n-test") + " or lower --cv");
        }
        for (String d : c.datasets()) {
            var data = store.dataset(d);
            for (int seed : c.seeds()) Splitter.split(data, sizes, seed); // too few of a class fails here, saying so
        }
    }

    /** The smallest --max-examples whose 40/40/20 split gives the probes' cross-validation enough rows. */
    private static int leastTotal(int least, boolean weakTrainsOnA) {
        for (int n = 1; ; n++) {
            var s = org.w2sg.data.SplitSizes.ofTotal(n);
            if (s.transfer() >= least && (!weakTrainsOnA || s.weakTrain() >= least) && s.test() >= 2) return n;
        }
    }
}
