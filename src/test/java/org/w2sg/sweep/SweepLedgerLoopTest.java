package org.w2sg.sweep;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w2sg.probe.MetricNames;
import org.w2sg.registry.Revision;
import org.w2sg.report.EmergenceCsv;
import org.w2sg.run.CheckpointLog;
import org.w2sg.run.Ledger;
import org.w2sg.run.Metric;
import org.w2sg.run.RunFolder;
import org.w2sg.run.RunFolderTest;
import org.w2sg.run.RunLock;
import org.w2sg.run.RunSettings;
import org.w2sg.run.Shard;
import org.w2sg.run.Unit;
import org.w2sg.run.UnitResult;

/** The runner's bookkeeping (resume, shards, ledger), with an engine whose numbers are a function of the unit. */
class SweepLedgerLoopTest {
    @TempDir
    Path dir;

    static final List<Revision> REVS = List.of(new Revision("step0", 0, 0), new Revision("step1", 1, 2097152),
            new Revision("step2", 2, 4194304), new Revision("step4", 4, 8388608));
    static final Plan PLAN = Plan.of(REVS, List.of("sst2"), List.of(3), List.of(0, 1, 2));

    /** Records which units it ran; metrics depend only on the unit. */
    static final class CountingEngine implements LedgerLoop.Revisions {
        final List<String> ran = new ArrayList<>();
        final List<String> opened = new ArrayList<>();

        @Override
        public LedgerLoop.OpenRevision open(Revision revision, List<Unit> units) {
            opened.add(revision.name());
            return new LedgerLoop.OpenRevision() {
                @Override
                public UnitResult measure(Unit u) {
                    ran.add(u.key());
                    double w2s = 0.5 + 0.01 * u.step() + 0.001 * u.seed();
                    return new UnitResult("m", u, List.of(Metric.of(MetricNames.WEAK_ACC, 0.6, 0.55, 0.65),
                            Metric.of(MetricNames.W2S_ACC, w2s, w2s - 0.02, w2s + 0.02)));
                }

                @Override
                public Map<String, Object> provenance() {
                    return Map.of("revision", revision.name(), "commit", "c" + revision.step());
                }

                @Override
                public void close() {}
            };
        }
    }

    static RunSettings settings() {
        return RunFolderTest.settings(List.of(0, 1, 2), 0.02);
    }

    /** The sweep's ledger loop on one folder and shard; {@code afterUnit} as the test needs. */
    record Runner(Path out, Shard shard, java.util.function.Consumer<UnitResult> after) {
        Runner afterUnit(java.util.function.Consumer<UnitResult> hook) {
            return new Runner(out, shard, hook);
        }

        Sweep.Outcome run(LedgerLoop.Revisions revisions) throws java.io.IOException {
            return LedgerLoop.runPlan(new RunFolder(out), settings(), shard, PLAN, revisions,
                    new LedgerLoop.Bookkeeping(new PrintStream(new ByteArrayOutputStream()), false, null, after));
        }
    }

    private Runner runner(Path out, Shard shard) {
        return new Runner(out, shard, r -> {});
    }

    @Test
    void anInterruptedRunResumesWhereItStoppedAndGivesTheSameTable() throws Exception {
        Path whole = dir.resolve("whole");
        Sweep.Outcome o = runner(whole, Shard.ALL).run(new CountingEngine());
        assertEquals(12, o.ran());
        assertTrue(o.complete());

        Path broken = dir.resolve("broken");
        CountingEngine first = new CountingEngine();
        int[] count = {0};
        RuntimeException stop = new RuntimeException("simulated crash");
        assertSame(stop, assertThrows(RuntimeException.class, () -> runner(broken, Shard.ALL).afterUnit(r -> {
            if (++count[0] == 5) throw stop;
        }).run(first)));
        assertEquals(5, Ledger.readAll(broken).size());

        CountingEngine second = new CountingEngine();
        Sweep.Outcome resumed = runner(broken, Shard.ALL).run(second);
        assertEquals(5, resumed.alreadyDone());
        assertEquals(7, resumed.ran());
        assertEquals(List.of("step1", "step2", "step4"), second.opened, "finished revisions are not reopened");
        assertFalse(second.ran.stream().anyMatch(first.ran::contains), "no finished unit runs twice");
        assertEquals(EmergenceCsv.render(Ledger.readAll(whole)), EmergenceCsv.render(Ledger.readAll(broken)));
        assertEquals(0, runner(broken, Shard.ALL).run(new CountingEngine()).ran(), "a third run has nothing to do");
    }

    @Test
    void shardsTogetherCoverThePlanOnceAndEachWritesItsOwnLedger() throws Exception {
        Path out = dir.resolve("sharded");
        Sweep.Outcome a = runner(out, new Shard(1, 2)).run(new CountingEngine());
        assertFalse(a.complete());
        assertEquals(6, a.missingOverall());
        Sweep.Outcome b = runner(out, new Shard(2, 2)).run(new CountingEngine());
        assertTrue(b.complete());
        assertTrue(Files.exists(Ledger.fileFor(out, new Shard(1, 2))));
        assertTrue(Files.exists(Ledger.fileFor(out, new Shard(2, 2))));
        Path whole = dir.resolve("whole");
        runner(whole, Shard.ALL).run(new CountingEngine());
        assertEquals(EmergenceCsv.render(Ledger.readAll(whole)), EmergenceCsv.render(Ledger.readAll(out)));
        assertEquals(4, CheckpointLog.readAll(out).size());
    }

    @Test
    void aSecondProcessOnTheSameShardIsRefused() throws Exception {
        Path out = dir.resolve("busy");
        try (RunLock held = RunLock.shard(out, Shard.ALL)) {
            var e = assertThrows(org.w2sg.errors.UserException.class, () -> runner(out, Shard.ALL).run(new CountingEngine()));
            assertTrue(e.getMessage().contains("already running"), e.getMessage());
        }
        try (RunLock held = RunLock.shard(out, new Shard(1, 2))) {
            assertEquals(6, runner(out, new Shard(2, 2)).run(new CountingEngine()).ran(), "other shards run alongside");
        }
    }

    @Test
    void summaryLineShowsStepTokensAndSeedMeans() {
        Unit u0 = new Unit("step1000", 1000, 2097152000L, "sst2", 12, 0);
        Unit u1 = new Unit("step1000", 1000, 2097152000L, "sst2", 12, 1);
        List<String> lines = RevisionLines.of(List.of(
                new UnitResult("m", u0, List.of(Metric.of(MetricNames.WEAK_ACC, 0.70, 0, 1),
                        Metric.of(MetricNames.CEILING_ACC, 0.90, 0, 1), Metric.of(MetricNames.W2S_ACC, 0.80, 0, 1),
                        Metric.of(MetricNames.PGR_ACC, 0.5, 0, 1))),
                new UnitResult("m", u1, List.of(Metric.of(MetricNames.WEAK_ACC, 0.72, 0, 1),
                        Metric.of(MetricNames.CEILING_ACC, 0.92, 0, 1), Metric.of(MetricNames.W2S_ACC, 0.84, 0, 1),
                        Metric.undefined(MetricNames.PGR_ACC, "pgr_undefined: acc ceiling-weak gap 0.0100 < floor 0.0200")))));
        assertEquals(1, lines.size());
        String l = lines.get(0);
        assertTrue(l.contains("step 1000"), l);
        assertTrue(l.contains("2.10B tokens"), l);
        assertTrue(l.contains("weak 0.710  ceiling 0.910  w2s 0.820  PGR 0.500  (2 seeds)"), l);
    }
}
