package org.w2sg.sweep;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w2sg.probe.MetricNames;
import org.w2sg.registry.Revision;
import org.w2sg.report.Exporter;
import org.w2sg.run.Metric;
import org.w2sg.run.RunFolder;
import org.w2sg.run.RunSettings;
import org.w2sg.run.Shard;
import org.w2sg.run.Unit;
import org.w2sg.run.UnitResult;

/**
 * A sweep over a local folder of checkpoints where one revision (step2) serves another's (step8) exact weight bytes,
 * as some Pythia branches serve the final weights under an early step name: the sweep records each revision's weights
 * fingerprint and the tables flag both twins' rows, and only theirs. The engine reads real provenance from the folder
 * but computes no forward pass (numbers are a function of the unit), so the test is fast.
 */
class DuplicateWeightsTest {
    @TempDir
    Path dir;

    /** A checkpoint folder with random "weights" bytes and a config naming the folder. */
    static void checkpoint(Path d, long seed) throws IOException {
        Files.createDirectories(d);
        Files.writeString(d.resolve("config.json"), "{\"num_hidden_layers\": 2, \"_name_or_path\": \"" + d.getFileName() + "\"}");
        byte[] w = new byte[4096];
        new SplittableRandom(seed).nextBytes(w);
        Files.write(d.resolve("model.safetensors"), w);
    }

    /** Opens each revision of the source (its provenance is what the runner logs); metrics depend on the step only. */
    record ProvenanceEngine(CheckpointSource source) implements LedgerLoop.Revisions {
        @Override
        public LedgerLoop.OpenRevision open(Revision revision, List<Unit> units) throws IOException {
            CheckpointSource.Opened opened = source.open(revision);
            return new LedgerLoop.OpenRevision() {
                @Override
                public UnitResult measure(Unit u) {
                    double w2s = 0.6 + 0.01 * u.step();
                    return new UnitResult(source.model(), u, List.of(Metric.of(MetricNames.WEAK_ACC, 0.6, 0.55, 0.65),
                            Metric.of(MetricNames.CEILING_ACC, 0.8, 0.75, 0.85), Metric.of(MetricNames.W2S_ACC, w2s, w2s - 0.02, w2s + 0.02),
                            Metric.of(MetricNames.PGR_ACC, (w2s - 0.6) / 0.2, 0, 1)));
                }

                @Override
                public Map<String, Object> provenance() {
                    return opened.provenance();
                }

                @Override
                public void close() throws IOException {
                    opened.close();
                }
            };
        }
    }

    @Test
    void aRevisionServingAnotherRevisionsWeightsIsFlaggedInBothTables() throws Exception {
        Path repo = dir.resolve("run-ckpts");
        checkpoint(repo.resolve("step1"), 1);
        checkpoint(repo.resolve("step8"), 8);
        checkpoint(repo.resolve("step2"), 2);
        // the planted duplicate: step2's weight bytes are step8's (its config.json still differs)
        Files.copy(repo.resolve("step8/model.safetensors"), repo.resolve("step2/model.safetensors"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        checkpoint(repo.resolve("step4"), 4);

        LocalCheckpoints source = new LocalCheckpoints(repo, 1000);
        Plan plan = Plan.of(source.revisions(), List.of("sst2"), List.of(1), List.of(0, 1));
        RunFolder folder = new RunFolder(dir.resolve("out"));
        RunSettings settings = new RunSettings("run-ckpts", List.of("sst2"), "1", List.of(0, 1), 64, 64, 64, "noisy-gold:0.2",
                "last", 64, "hard", new RunSettings.Probe(3, List.of(1.0), 50, 0.02));
        LedgerLoop.runPlan(folder, settings, Shard.ALL, plan, new ProvenanceEngine(source),
                new LedgerLoop.Bookkeeping(new PrintStream(new ByteArrayOutputStream()), false, null, r -> {}));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Exporter.export(folder, new PrintStream(printed, true));

        JsonNode checkpoints = new ObjectMapper().readTree(folder.runJson().toFile()).path("checkpoints");
        String print2 = checkpoints.path("step2").path("weights_fingerprint").asText();
        assertEquals(64, print2.length(), checkpoints.toString());
        assertEquals(print2, checkpoints.path("step8").path("weights_fingerprint").asText());
        assertNotEquals(print2, checkpoints.path("step1").path("weights_fingerprint").asText());
        assertNotEquals(print2, checkpoints.path("step4").path("weights_fingerprint").asText());
        assertNotEquals(checkpoints.path("step2").path("files_sha256").path("config.json").asText(),
                checkpoints.path("step8").path("files_sha256").path("config.json").asText(), "only the weights count");

        List<String> emergence = Files.readAllLines(folder.emergenceCsv());
        assertEquals(1 + 4 * 2 * 4, emergence.size());
        for (String row : emergence.subList(1, emergence.size())) {
            String revision = row.split(",")[1];
            String flags = row.substring(row.lastIndexOf(',') + 1);
            switch (revision) {
                case "step2" -> assertEquals("duplicate_weights_of=step8", flags, row);
                case "step8" -> assertEquals("duplicate_weights_of=step2", flags, row);
                default -> assertEquals("", flags, row);
            }
        }
        List<String> summary = Files.readAllLines(folder.summaryCsv());
        assertEquals(1 + 4, summary.size());
        List<String> flagged = new ArrayList<>();
        for (String row : summary.subList(1, summary.size())) {
            if (row.endsWith(",duplicate_weights_of=step8") || row.endsWith(",duplicate_weights_of=step2")) flagged.add(row.split(",")[1]);
            else assertFalse(row.contains("duplicate_weights_of"), row);
        }
        assertEquals(List.of("step2", "step8"), flagged);
        assertTrue(printed.toString().contains("warning: step2's weights are byte-identical to step8's"), printed.toString());
    }

    @Test
    void threeTwinsNameTheOtherTwoInStepOrder() {
        Map<String, Map<String, Object>> log = Map.of(
                "step1", Map.of("revision", "step1", "step", 1, "weights_fingerprint", "a"),
                "step2", Map.of("revision", "step2", "step", 2, "weights_fingerprint", "b"),
                "step16", Map.of("revision", "step16", "step", 16, "weights_fingerprint", "b"),
                "step143000", Map.of("revision", "step143000", "step", 143000, "weights_fingerprint", "b"),
                "step4", Map.of("revision", "step4", "step", 4)); // never opened by this run: no fingerprint
        assertEquals(Map.of("step2", "duplicate_weights_of=step16+step143000",
                "step16", "duplicate_weights_of=step2+step143000",
                "step143000", "duplicate_weights_of=step2+step16"), org.w2sg.report.DuplicateWeights.flags(log));
    }
}
