package org.w2sg.run;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w2sg.errors.UserException;
import org.w2sg.run.Shard;
import org.w2sg.run.Unit;

class LedgerTest {
    @TempDir
    Path dir;

    static UnitResult result(String rev, long step, int seed, double w2s) {
        return new UnitResult("pythia-70m", new Unit(rev, step, step * 2097152L, "sst2", 3, seed), List.of(
                Metric.of("w2s_acc", w2s, w2s - 0.01, w2s + 0.01),
                Metric.undefined("pgr_acc", "gap_below_floor"),
                new Metric("ceiling_lambda", 1e-4, null, null, "")));
    }

    @Test
    void recordsRoundTripExactlyAcrossShardFiles() throws Exception {
        UnitResult a = result("step1", 1, 0, 0.1 + 0.2); // 0.30000000000000004 must survive
        UnitResult b = result("step2", 2, 1, 2.0 / 3.0);
        try (Ledger l = Ledger.openForAppend(dir, Shard.ALL)) {
            l.append(a);
        }
        try (Ledger l = Ledger.openForAppend(dir, new Shard(2, 2))) {
            l.append(b);
        }
        List<UnitResult> all = Ledger.readAll(dir);
        assertEquals(2, all.size());
        assertTrue(all.contains(a), "exact double and null round trip");
        assertTrue(all.contains(b));
        assertEquals(Set.of("units-1of1.jsonl", "units-2of2.jsonl"), Files.list(Ledger.directory(dir))
                .map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jsonl")).collect(Collectors.toSet()));
    }

    @Test
    void perRowTestCorrectnessRoundTripsAsBitsets() throws Exception {
        boolean[] weak = new boolean[856], ceiling = new boolean[856], w2s = new boolean[856];
        for (int i = 0; i < 856; i++) {
            weak[i] = i % 5 != 0;
            ceiling[i] = i % 7 != 0;
            w2s[i] = i % 3 != 0 && i != 855;
        }
        List<String> ids = java.util.stream.IntStream.range(0, 856).mapToObj(i -> "t" + i).toList();
        UnitResult a = new UnitResult("m", new Unit("step1", 1, 2097152L, "sst2", 3, 0), List.of(),
                TestRows.of(ids, weak, ceiling, w2s), new org.w2sg.probe.LambdaPath(new double[] {0.1, 10},
                new double[] {0.8, 0.85}, new double[] {Double.NaN, 0.75}, 10, Double.NaN));
        try (Ledger l = Ledger.openForAppend(dir, Shard.ALL)) {
            l.append(a);
        }
        UnitResult back = Ledger.readAll(dir).get(0);
        assertEquals(a, back);
        assertArrayEquals(w2s, back.testRows().correct(2), "trailing false rows survive (the row count is stored)");
        assertArrayEquals(weak, back.testRows().correct(0));
        assertEquals(TestRows.of(ids, weak, ceiling, w2s).ids(), back.testRows().ids());
        assertNotEquals(TestRows.of(ids.reversed(), weak, ceiling, w2s).ids(), back.testRows().ids(),
                "the hash sees the rows' order");
        assertTrue(Files.readString(Ledger.fileFor(dir, Shard.ALL)).length() < 1400, "compact: bitsets, not lists");
    }

    @Test
    void aTornLastRecordIsIgnoredAndCutOffOnReopen() throws Exception {
        UnitResult a = result("step1", 1, 0, 0.75);
        try (Ledger l = Ledger.openForAppend(dir, Shard.ALL)) {
            l.append(a);
        }
        Path f = Ledger.fileFor(dir, Shard.ALL);
        String whole = Ledger.JSON.writeValueAsString(Ledger.toJson(result("step2", 2, 0, 0.8)));
        Files.writeString(f, whole.substring(0, whole.length() / 2), StandardOpenOption.APPEND);
        assertEquals(List.of(a), Ledger.readAll(dir), "a half-written record is not a finished unit");

        UnitResult c = result("step2", 2, 0, 0.8);
        try (Ledger l = Ledger.openForAppend(dir, Shard.ALL)) {
            l.append(c);
        }
        assertEquals(List.of(a, c), Ledger.readAll(dir));
        assertEquals(2, Files.readAllLines(f, StandardCharsets.UTF_8).size());
    }

    @Test
    void aDamagedRecordInTheMiddleIsReportedWithFileAndLine() throws Exception {
        Path f = Ledger.fileFor(dir, Shard.ALL);
        Files.createDirectories(f.getParent());
        Files.writeString(f, "{\"model\":\"m\"}\n" + Ledger.JSON.writeValueAsString(Ledger.toJson(result("s", 1, 0, .5))) + "\n");
        UserException e = assertThrows(UserException.class, () -> Ledger.readAll(dir));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }

    @Test
    void sameUnitInTwoFilesCountsOnce() throws Exception {
        try (Ledger l = Ledger.openForAppend(dir, Shard.ALL)) {
            l.append(result("step1", 1, 0, 0.7));
        }
        try (Ledger l = Ledger.openForAppend(dir, new Shard(1, 2))) {
            l.append(result("step1", 1, 0, 0.7));
        }
        assertEquals(1, Ledger.readAll(dir).size());
    }
}
