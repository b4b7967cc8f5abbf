package org.w2sg.theory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.w2sg.io.Csv;
import org.w2sg.linalg.Lanczos;

/**
 * Trajectories of the strong student from a spectral start (n_pre = --n-pre) and from a uniformly random start,
 * each trained on gold labels (the ceiling) and on the weak supervisor's labels, with the same inputs.
 */
final class DynamicsExperiment {
    static final String NAME = "dynamics";
    static final List<String> HEADER = List.of("init", "labels", "seed", "step", "samples_seen", "overlap", "test_risk");

    enum Init {
        SPECTRAL, RANDOM;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    record Trajectory(Init init, Supervision labels, int seed, long extraSamples, List<SphericalSgd.Snapshot> snapshots) {}

    private final SyntheticConfig cfg;

    DynamicsExperiment(SyntheticConfig cfg) {
        this.cfg = cfg;
    }

    int units() {
        return Init.values().length * cfg.seeds();
    }

    double cost(int unit) {
        return 2.0 * cfg.horizon() * cfg.model().d();
    }

    /** One (init, seed): both label kinds from the same start and the same input stream. */
    List<Trajectory> run(int unit) {
        Init init = Init.values()[unit / cfg.seeds()];
        int seed = unit % cfg.seeds();
        SpikedModel model = cfg.model();
        SplittableRandom rng = Streams.of(cfg.seed(), NAME, init.ordinal(), seed);
        double[] start = init == Init.SPECTRAL ? SpectralStart.topEigenvector(model, cfg.nPre(), rng) : randomUnit(model.d(), rng);
        long signSeed = rng.nextLong();
        long signNoiseSeed = rng.nextLong();
        long inputSeed = rng.nextLong();
        long noiseSeed = rng.nextLong();
        SphericalSgd sgd = new SphericalSgd(model, cfg.delta(), cfg.horizon());
        List<double[]> starts = new ArrayList<>();
        long[] extra = new long[Supervision.values().length];
        for (Supervision labels : Supervision.values()) {
            double[] w0 = start.clone();
            extra[labels.ordinal()] = init == Init.SPECTRAL
                    ? SpectralStart.fixSign(w0, model, labels, new SplittableRandom(signSeed), new SplittableRandom(signNoiseSeed))
                    : 0;
            starts.add(w0);
        }
        List<SphericalSgd.Result> results = sgd.run(starts, List.of(Supervision.values()), inputSeed, noiseSeed, cfg.records());
        List<Trajectory> out = new ArrayList<>(2);
        for (Supervision labels : Supervision.values()) {
            out.add(new Trajectory(init, labels, seed, extra[labels.ordinal()], results.get(labels.ordinal()).snapshots()));
        }
        return out;
    }

    static double[] randomUnit(int d, SplittableRandom rng) {
        double[] w = new double[d];
        for (int j = 0; j < d; j++) w[j] = rng.nextGaussian();
        Lanczos.scale(w, 1.0 / Lanczos.norm(w));
        return w;
    }

    /** Rows sorted by init, labels, seed, step (the unit order is init-major already). */
    static String csv(List<Trajectory> trajectories) {
        List<Trajectory> sorted = new ArrayList<>(trajectories);
        sorted.sort(java.util.Comparator.comparing(Trajectory::init).thenComparing(Trajectory::labels).thenComparingInt(Trajectory::seed));
        List<List<String>> rows = new ArrayList<>();
        for (Trajectory t : sorted) {
            for (SphericalSgd.Snapshot s : t.snapshots()) {
                rows.add(List.of(t.init().id(), t.labels().id(), Integer.toString(t.seed()), Long.toString(s.step()),
                        Long.toString(s.step() + t.extraSamples()), Csv.exact(s.overlap()), Csv.exact(s.risk())));
            }
        }
        return Csv.table(HEADER, rows);
    }
}
