package org.w2sg.theory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import me.tongfei.progressbar.ProgressBar;
import org.w2sg.errors.UserException;
import org.w2sg.io.AtomicFiles;

/**
 * Runs the three synthetic experiments (BBP, dynamics, phase sweep) as independent units on a thread pool and
 * writes bbp.csv, dynamics.csv, phase.csv, summary.json and the PNG plots. Each unit owns its random streams
 * ({@link Streams}), and results are assembled in unit order, so the thread count never changes a byte of output.
 */
public final class SyntheticRun {
    public static final Set<String> EXPERIMENTS = Set.of(BbpExperiment.NAME, DynamicsExperiment.NAME, PhaseSweep.NAME);

    /** Compute seconds (summed over units) and wall seconds (first start to last finish) of one experiment. */
    public record Timing(String experiment, int units, double computeSeconds, double wallSeconds) {}

    public record Outcome(List<BbpExperiment.Point> bbp, List<DynamicsExperiment.Trajectory> dynamics,
                          PhaseSweep.Outcome phase, Map<String, Timing> timings, double wallSeconds) {}

    private record Job(String experiment, int unit, double cost, IntFunction<?> body) {}

    private SyntheticRun() {}

    /** Computes the selected experiments and writes their files into {@code out}; nothing is written on failure. */
    public static Outcome runAndWrite(SyntheticConfig cfg, Set<String> experiments, int threads, Path out) throws IOException {
        Outcome outcome = run(cfg, experiments, threads);
        write(cfg, outcome, out);
        return outcome;
    }

    public static Outcome run(SyntheticConfig cfg, Set<String> experiments, int threads) {
        if (threads < 1) throw new UserException("--threads must be at least 1, got " + threads);
        for (String e : experiments) {
            if (!EXPERIMENTS.contains(e)) throw new UserException("--experiments: unknown experiment '" + e + "'; choose from bbp, dynamics, phase");
        }
        BbpExperiment bbp = new BbpExperiment(cfg);
        DynamicsExperiment dynamics = new DynamicsExperiment(cfg);
        PhaseSweep phase = new PhaseSweep(cfg);
        List<Job> jobs = new ArrayList<>();
        if (experiments.contains(BbpExperiment.NAME)) {
            for (int u = 0; u < bbp.units(); u++) jobs.add(new Job(BbpExperiment.NAME, u, bbp.cost(u), bbp::run));
        }
        if (experiments.contains(DynamicsExperiment.NAME)) {
            for (int u = 0; u < dynamics.units(); u++) jobs.add(new Job(DynamicsExperiment.NAME, u, dynamics.cost(u), dynamics::run));
        }
        if (experiments.contains(PhaseSweep.NAME)) {
            for (int u = 0; u < phase.units(); u++) jobs.add(new Job(PhaseSweep.NAME, u, phase.cost(u), phase::run));
        }
        Object[] results = new Object[jobs.size()];
        long[][] spans = new long[jobs.size()][2];
        // longest first: the pool then finishes with short units and both cores stay busy to the end
        Integer[] order = new Integer[jobs.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -jobs.get(i).cost()).thenComparingInt(i -> i));
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads);
             ProgressBar bar = org.w2sg.io.ProgressBars.builder("synthetic").setInitialMax(jobs.size()).build()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i : order) {
                Job job = jobs.get(i);
                futures.add(pool.submit(() -> {
                    spans[i][0] = System.nanoTime();
                    results[i] = job.body().apply(job.unit());
                    spans[i][1] = System.nanoTime();
                    bar.step();
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        }
        double wall = (System.nanoTime() - t0) / 1e9;

        List<BbpExperiment.Point> bbpPoints = new ArrayList<>();
        List<DynamicsExperiment.Trajectory> trajectories = new ArrayList<>();
        List<PhaseSweep.Run> phaseRuns = new ArrayList<>();
        Map<String, long[]> spanByExp = new LinkedHashMap<>();
        Map<String, double[]> computeByExp = new LinkedHashMap<>();
        for (int i = 0; i < jobs.size(); i++) {
            Job job = jobs.get(i);
            switch (job.experiment()) {
                case BbpExperiment.NAME -> bbpPoints.add((BbpExperiment.Point) results[i]);
                case DynamicsExperiment.NAME -> {
                    @SuppressWarnings("unchecked")
                    List<DynamicsExperiment.Trajectory> ts = (List<DynamicsExperiment.Trajectory>) results[i];
                    trajectories.addAll(ts);
                }
                default -> phaseRuns.add((PhaseSweep.Run) results[i]);
            }
            long[] span = spanByExp.computeIfAbsent(job.experiment(), k -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
            span[0] = Math.min(span[0], spans[i][0]);
            span[1] = Math.max(span[1], spans[i][1]);
            computeByExp.computeIfAbsent(job.experiment(), k -> new double[2]);
            computeByExp.get(job.experiment())[0] += (spans[i][1] - spans[i][0]) / 1e9;
            computeByExp.get(job.experiment())[1] += 1;
        }
        Map<String, Timing> timings = new LinkedHashMap<>();
        for (var e : spanByExp.entrySet()) {
            double[] c = computeByExp.get(e.getKey());
            timings.put(e.getKey(), new Timing(e.getKey(), (int) c[1], c[0], (e.getValue()[1] - e.getValue()[0]) / 1e9));
        }
        PhaseSweep.Outcome phaseOutcome = phaseRuns.isEmpty() ? null : phase.summarize(phaseRuns);
        return new Outcome(experiments.contains(BbpExperiment.NAME) ? bbpPoints : null,
                experiments.contains(DynamicsExperiment.NAME) ? trajectories : null, phaseOutcome, timings, wall);
    }

    public static void write(SyntheticConfig cfg, Outcome o, Path out) throws IOException {
        // render everything first, then publish: a failure leaves no half-written set behind
        Map<String, byte[]> files = new LinkedHashMap<>();
        if (o.bbp() != null) {
            files.put("bbp.csv", utf8(BbpExperiment.csv(cfg, o.bbp())));
            files.put("bbp.png", SyntheticPlots.bbp(cfg, o.bbp()));
        }
        if (o.dynamics() != null) {
            files.put("dynamics.csv", utf8(DynamicsExperiment.csv(o.dynamics())));
            files.put("dynamics.png", SyntheticPlots.dynamics(cfg, o.dynamics()));
        }
        if (o.phase() != null) {
            files.put("phase.csv", utf8(PhaseSweep.csv(o.phase().rows())));
            files.put("phase.png", SyntheticPlots.phase(cfg, o.phase()));
        }
        files.put("summary.json", SyntheticSummary.json(cfg, o.phase()));
        for (var f : files.entrySet()) AtomicFiles.writeBytes(out.resolve(f.getKey()), f.getValue());
    }

    /** A few lines for the terminal: n*, the predicted saturation and the fitted transition. */
    public static String describe(SyntheticConfig cfg, Outcome o) {
        SpikedModel m = cfg.model();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(java.util.Locale.ROOT, "n* = d / lambda^2 = %.1f; weak risk %.3f; predicted w2s saturation risk R(w_w) = %.3f (PGR_0 %.3f)%n",
                m.nStar(), m.weakRisk(), m.saturationRisk(), PhaseSweep.pgr0(m.weakRisk(), m.saturationRisk())));
        if (o.phase() != null) {
            PhaseSweep.Transition t = o.phase().transition();
            if (t.fit() == null) {
                sb.append("PGR_0 transition: no fit (too few points)\n");
            } else {
                sb.append(String.format(java.util.Locale.ROOT, "PGR_0 transition at n_pre = %.1f = %.2f n* (95%% CI %.1f .. %.1f), PGR_0 %.3f -> %.3f%n",
                        t.midNPre(), t.midNPre() / m.nStar(), t.midCi().low(), t.midCi().high(), t.fit().curve().bottom(), t.fit().curve().top()));
            }
            if (!t.flags().isEmpty()) sb.append("  flags: ").append(t.flags()).append('\n');
        }
        return sb.toString();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
