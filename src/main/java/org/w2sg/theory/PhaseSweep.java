package org.w2sg.theory;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.w2sg.io.Csv;
import org.w2sg.stats.LogisticFit;
import org.w2sg.stats.Transition;

/**
 * The pre-training phase transition: for n_pre log-spaced from 0.1 n* to 16 n*, a spectral start from n_pre
 * unlabeled samples, then a ceiling student (gold labels) and a w2s student (weak labels) from that same start, on
 * the same inputs. PGR needs the ceiling to beat the weak supervisor clearly; PGR_0 (ceiling = the realizable
 * optimum, risk 0) is always defined and is what the transition is fitted on.
 */
final class PhaseSweep {
    static final String NAME = "phase";
    static final List<String> HEADER = List.of("n_pre", "init_overlap_sim", "init_overlap_theory", "weak_risk",
            "ceiling_risk", "w2s_risk", "pgr", "pgr_ci_low", "pgr_ci_high", "pgr0", "pgr0_ci_low", "pgr0_ci_high",
            "defined_seeds");
    /** PGR is undefined when the ceiling beats the weak supervisor by less than this fraction of the weak risk. */
    static final double PGR_FLOOR = 0.05;

    /** One seed at one n_pre. initOverlap = |&lt;vhat, w*&gt;| before training. */
    record Run(int nPre, int seed, double initOverlap, double ceilingRisk, double w2sRisk) {}

    record Row(int nPre, double initOverlapSim, double initOverlapTheory, double weakRisk, double ceilingRisk,
               double w2sRisk, double pgr, SeedBootstrap.Interval pgrCi, double pgr0, SeedBootstrap.Interval pgr0Ci,
               int definedSeeds) {}

    /**
     * The 4PL fit of mean PGR_0 against ln n_pre (null when it has no fit) and the seed-bootstrap CI of its midpoint
     * (in n_pre). {@code firstPositive}: the smallest n_pre whose PGR_0 CI lies above 0 (NaN if none); {@code flags}:
     * "" or notes such as a midpoint outside the sampled range.
     */
    record Transition(LogisticFit.Result fit, double midNPre, SeedBootstrap.Interval midCi, double firstPositive, String flags) {}

    record Outcome(List<Row> rows, Transition transition) {}

    private final SyntheticConfig cfg;
    private final int[] grid;

    PhaseSweep(SyntheticConfig cfg) {
        this.cfg = cfg;
        this.grid = cfg.nPreGrid(cfg.phasePoints());
    }

    int[] grid() {
        return grid.clone();
    }

    int units() {
        return grid.length * cfg.seeds();
    }

    double cost(int unit) {
        return 2.0 * cfg.horizon() * cfg.model().d() + 50.0 * grid[unit / cfg.seeds()] * cfg.model().d();
    }

    Run run(int unit) {
        int nPre = grid[unit / cfg.seeds()];
        int seed = unit % cfg.seeds();
        SpikedModel model = cfg.model();
        SplittableRandom rng = Streams.of(cfg.seed(), NAME, nPre, seed);
        double[] vhat = SpectralStart.topEigenvector(model, nPre, rng);
        long signSeed = rng.nextLong();
        long signNoiseSeed = rng.nextLong();
        long inputSeed = rng.nextLong();
        long noiseSeed = rng.nextLong();
        SphericalSgd sgd = new SphericalSgd(model, cfg.delta(), cfg.horizon());
        List<double[]> starts = new ArrayList<>();
        for (Supervision labels : Supervision.values()) {
            double[] w0 = vhat.clone();
            SpectralStart.fixSign(w0, model, labels, new SplittableRandom(signSeed), new SplittableRandom(signNoiseSeed));
            starts.add(w0);
        }
        List<SphericalSgd.Result> results = sgd.run(starts, List.of(Supervision.values()), inputSeed, noiseSeed, 0);
        double[] risks = {results.get(0).finalRisk(model), results.get(1).finalRisk(model)};
        return new Run(nPre, seed, Math.abs(model.targetOverlap(vhat)), risks[Supervision.GOLD.ordinal()], risks[Supervision.WEAK.ordinal()]);
    }

    /** PGR of one seed, NaN (undefined) when the ceiling's margin over the weak supervisor is below the floor. */
    static double pgr(double weak, double ceiling, double w2s) {
        return weak - ceiling < PGR_FLOOR * weak ? Double.NaN : (weak - w2s) / (weak - ceiling);
    }

    static double pgr0(double weak, double w2s) {
        return 1.0 - w2s / weak;
    }

    /** Runs must be in unit order (n_pre-major, then seed). */
    Outcome summarize(List<Run> runs) {
        SpikedModel model = cfg.model();
        int seeds = cfg.seeds();
        double weak = model.weakRisk();
        double[][] pgr0 = new double[grid.length][seeds];
        List<Row> rows = new ArrayList<>();
        SplittableRandom boot = Streams.of(cfg.seed(), NAME + "-bootstrap");
        for (int g = 0; g < grid.length; g++) {
            double[] ceiling = new double[seeds], w2s = new double[seeds], pgr = new double[seeds], overlap = new double[seeds];
            for (int s = 0; s < seeds; s++) {
                Run r = runs.get(g * seeds + s);
                ceiling[s] = r.ceilingRisk();
                w2s[s] = r.w2sRisk();
                overlap[s] = r.initOverlap();
                pgr[s] = pgr(weak, r.ceilingRisk(), r.w2sRisk());
                pgr0[g][s] = pgr0(weak, r.w2sRisk());
            }
            int defined = (int) java.util.Arrays.stream(pgr).filter(Double::isFinite).count();
            double gamma = (double) model.d() / grid[g];
            rows.add(new Row(grid[g], mean(overlap), Math.abs(model.eta()) * Math.sqrt(Bbp.overlapSq(gamma, model.lambda())),
                    weak, mean(ceiling), mean(w2s),
                    SeedBootstrap.meanOfFinite(pgr), SeedBootstrap.ofMean(pgr, cfg.bootstrap(), boot), mean(pgr0[g]),
                    SeedBootstrap.ofMean(pgr0[g], cfg.bootstrap(), boot), defined));
        }
        return new Outcome(rows, transition(pgr0, rows, boot));
    }

    private Transition transition(double[][] pgr0, List<Row> rows, SplittableRandom boot) {
        double[] x = new double[grid.length];
        for (int g = 0; g < grid.length; g++) x[g] = Math.log(grid[g]);
        double[] means = new double[grid.length];
        for (int g = 0; g < grid.length; g++) means[g] = mean(pgr0[g]);
        LogisticFit.Result fit = LogisticFit.fit(x, means).orElse(null);
        double mid = fit == null ? Double.NaN : Math.exp(fit.curve().mid());
        // each resample refits from the full-data curve (report.stats' warm start), so the CI measures seed noise
        SeedBootstrap.Interval ci = fit == null ? SeedBootstrap.Interval.NONE : SeedBootstrap.percentile(cfg.seeds(), cfg.bootstrap(), boot, idx -> {
            double[] m = new double[grid.length];
            for (int g = 0; g < grid.length; g++) {
                double s = 0;
                for (int i : idx) s += pgr0[g][i];
                m[g] = s / idx.length;
            }
            return LogisticFit.fit(x, m, fit.curve()).map(f -> Math.exp(f.curve().mid())).orElse(Double.NaN);
        });
        List<String> flags = new ArrayList<>();
        if (fit == null) flags.add("no_fit: fewer than 5 points or no logistic curve fits");
        else if (mid < grid[0] || mid > grid[grid.length - 1]) flags.add("midpoint_outside_sampled_range");
        if (fit != null) {
            // the same checks as the checkpoint sweep's transition (report.stats.Transition)
            var gap = org.w2sg.stats.Transition.unresolvedGap(x, fit.curve());
            if (gap.isPresent()) {
                double below = Math.exp(gap.get().below()), above = Math.exp(gap.get().above());
                flags.add(String.format(java.util.Locale.ROOT, "step_like: no n_pre lies on the rise; the midpoint is "
                        + "anywhere between %.4g and %.4g", below, above));
                ci = new SeedBootstrap.Interval(Double.isNaN(ci.low()) ? below : Math.min(ci.low(), below),
                        Double.isNaN(ci.high()) ? above : Math.max(ci.high(), above), ci.resamples(), ci.failed());
            }
            double p = LogisticFit.pValueAgainstConstant(means, fit);
            if (!(p < 0.05)) {
                flags.add(String.format(java.util.Locale.ROOT, "no_clear_transition: a constant fits about as well "
                        + "(extra-sum-of-squares F test p = %.2g)", p));
            }
        }
        if (ci.failed() > 0) flags.add("bootstrap_refits_failed: " + ci.failed() + " of " + ci.resamples());
        double first = Double.NaN;
        for (Row r : rows) {
            if (r.pgr0Ci().low() > 0) {
                first = r.nPre();
                break;
            }
        }
        return new Transition(fit, mid, ci, first, String.join("; ", flags));
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    static String csv(List<Row> rows) {
        List<List<String>> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(List.of(Integer.toString(r.nPre()), Csv.exact(r.initOverlapSim()), Csv.exact(r.initOverlapTheory()),
                    Csv.exact(r.weakRisk()), Csv.exact(r.ceilingRisk()), Csv.exact(r.w2sRisk()), Csv.exact(r.pgr()),
                    Csv.exact(r.pgrCi().low()), Csv.exact(r.pgrCi().high()), Csv.exact(r.pgr0()), Csv.exact(r.pgr0Ci().low()),
                    Csv.exact(r.pgr0Ci().high()), Integer.toString(r.definedSeeds())));
        }
        return Csv.table(HEADER, out);
    }
}
