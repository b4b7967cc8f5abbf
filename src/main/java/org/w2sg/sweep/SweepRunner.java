package org.w2sg.sweep;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.w2sg.registry.Revision;
import org.w2sg.run.CheckpointLog;
import org.w2sg.run.Ledger;
import org.w2sg.run.MetricNames;
import org.w2sg.run.RunFolder;
import org.w2sg.run.RunLock;
import org.w2sg.run.UnitResult;

/**
 * Runs this process's share of a sweep: claims the folder for the settings, takes the shard's lock, skips the units
 * the ledger already holds, and records each finished unit the moment it is done. A kill at any point loses at most
 * the unit in flight; the same command resumes.
 */
public final class SweepRunner {
    /** What this process found and did; {@code complete} when the ledger now holds every unit of the whole plan. */
    public record Outcome(int shardUnits, int alreadyDone, int ran, int missingOverall) {
        public boolean complete() {
            return missingOverall == 0;
        }
    }

    private final RunFolder folder;
    private final RunSettings settings;
    private final Shard shard;
    private final Plan plan;
    private final PrintStream out;
    private Consumer<UnitResult> afterUnit = r -> {};
    private boolean progressBars = true;
    private Map<String, Object> invocation;

    public SweepRunner(RunFolder folder, RunSettings settings, Shard shard, Plan plan, PrintStream out) {
        this.folder = folder;
        this.settings = settings;
        this.shard = shard;
        this.plan = plan;
        this.out = out;
    }

    /** Called after each unit is in the ledger (tests use it to stop a run part-way). */
    public SweepRunner afterUnit(Consumer<UnitResult> hook) {
        this.afterUnit = hook;
        return this;
    }

    /** How this process was started (all options), recorded for run.json once the folder is claimed. */
    public SweepRunner invocation(Map<String, Object> options) {
        this.invocation = options;
        return this;
    }

    public SweepRunner progressBars(boolean on) {
        this.progressBars = on;
        return this;
    }

    public Outcome run(UnitEngine engine) throws IOException {
        try (RunLock ignored = RunLock.folder(folder.dir())) {
            folder.claim(settings);
        }
        Plan mine = plan.forShard(shard);
        int ran = 0;
        int already;
        try (RunLock ignored = RunLock.shard(folder.dir(), shard);
             Ledger ledger = Ledger.openForAppend(folder.dir(), shard)) {
            if (invocation != null) Invocation.record(folder.dir(), shard, invocation);
            Plan todo = mine.without(doneKeys());
            already = mine.size() - todo.size();
            out.printf(Locale.ROOT, "%s%s: %d units (revision x dataset x layer x seed), %d already done, %d to run%n",
                    settings.model(), shard.isAll() ? "" : " shard " + shard, mine.size(), already, todo.size());
            Map<String, List<Unit>> byRevision = todo.byRevision();
            engine.upcoming(byRevision.values().stream().map(us -> us.get(0))
                    .map(u -> new Revision(u.revision(), u.step(), u.tokens())).toList());
            try (ProgressBar bar = progressBars && !byRevision.isEmpty() ? checkpointBar(byRevision.size()) : null) {
                for (List<Unit> units : byRevision.values()) {
                    Unit first = units.get(0);
                    Revision step = new Revision(first.revision(), first.step(), first.tokens());
                    List<UnitResult> finished = new ArrayList<>();
                    try (UnitEngine.Checkpoint rev = engine.open(step, units)) {
                        CheckpointLog.record(folder.dir(), step.name(), rev.provenance());
                        for (Unit u : units) {
                            UnitResult r = rev.run(u);
                            ledger.append(r);
                            finished.add(r);
                            ran++;
                            afterUnit.accept(r);
                        }
                    }
                    for (String line : summaryLines(finished)) out.println(line);
                    if (bar != null) bar.step();
                }
            }
        }
        int missing = plan.without(doneKeys()).size();
        return new Outcome(mine.size(), already, ran, missing);
    }

    private Set<String> doneKeys() {
        return Ledger.readAll(folder.dir()).stream().map(r -> r.unit().key()).collect(Collectors.toSet());
    }

    private static ProgressBar checkpointBar(int revisions) {
        return new ProgressBarBuilder().setTaskName("checkpoints").setInitialMax(revisions).setUnit(" rev", 1)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUpdateIntervalMillis(500).build();
    }

    /**
     * One line per dataset and layer of a finished revision, seeds averaged: the numbers a researcher watches while the
     * sweep runs (the tables hold the intervals).
     */
    static List<String> summaryLines(List<UnitResult> results) {
        Map<String, List<UnitResult>> groups = new LinkedHashMap<>();
        for (UnitResult r : results) {
            groups.computeIfAbsent(r.unit().dataset() + "|" + r.unit().layer(), k -> new ArrayList<>()).add(r);
        }
        List<String> lines = new ArrayList<>();
        for (List<UnitResult> g : groups.values()) {
            Unit u = g.get(0).unit();
            lines.add(String.format(Locale.ROOT, "%-14s step %-7d %9s tokens  %-10s layer %-3d weak %s  ceiling %s  "
                            + "w2s %s  PGR %s  (%d seed%s)", u.revision(), u.step(), humanTokens(u.tokens()),
                    u.dataset(), u.layer(), mean(g, MetricNames.WEAK_ACC), mean(g, MetricNames.CEILING_ACC),
                    mean(g, MetricNames.W2S_ACC), mean(g, MetricNames.PGR_ACC), g.size(), g.size() == 1 ? "" : "s"));
        }
        return lines;
    }

    private static String mean(List<UnitResult> g, String metric) {
        double sum = 0;
        int n = 0;
        for (UnitResult r : g) {
            var m = r.metric(metric);
            if (m.isPresent() && m.get().defined()) {
                sum += m.get().value();
                n++;
            }
        }
        return n == 0 ? "  -  " : String.format(Locale.ROOT, "%.3f", sum / n);
    }

    static String humanTokens(long tokens) {
        if (tokens < 1_000) return Long.toString(tokens);
        String[] units = {"K", "M", "B", "T"};
        double v = tokens;
        int i = -1;
        while (v >= 1000 && i < units.length - 1) {
            v /= 1000;
            i++;
        }
        return String.format(Locale.ROOT, "%.2f%s", v, units[i]);
    }
}
