package org.w2sg.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w2sg.hub.FakeHub;
import org.w2sg.hub.HubClient;
import org.w2sg.hub.HubSettings;
import org.w2sg.io.Sha256;
import org.w2sg.sweep.TinyCheckpoints;
import picocli.CommandLine;

/**
 * The sweep of a registry alias served by the loopback Hub: revisions are fetched into the Hugging Face cache layout,
 * the alias's default weak supervisor comes from the registry, run.json records each revision's commit and weight
 * hashes, a branch serving another branch's weights is flagged in the tables, and the weights leave the cache once their
 * units are done.
 */
class SweepFromHubTest {
    @TempDir
    Path tmp;

    FakeHub server;
    HubSettings settings;
    Path registry;

    @BeforeEach
    void start() throws Exception {
        server = new FakeHub();
        long seed = 10;
        for (String[] rev : new String[][] {{"test-org/tiny", "step1"}, {"test-org/tiny", "step8"},
                {"test-org/tiny-weak", "step143000"}}) {
            Path dir = tmp.resolve("src").resolve(rev[0].replace('/', '-')).resolve(rev[1]);
            TinyCheckpoints.write(dir, seed++);
            server.addRevision(rev[0], rev[1], dir);
        }
        // a planted duplicate: branch step2 serves step8's exact files (as some Pythia branches serve the final weights)
        server.addRevision("test-org/tiny", "step2", tmp.resolve("src/test-org-tiny/step8"));
        settings = HubSettings.forTests(server.endpoint(), tmp.resolve("hub"));
        registry = tmp.resolve("checkpoints.yaml");
        Files.writeString(registry, """
                families:
                  tiny:
                    revisions: { scheme: pythia, tokens_per_step: 2097152 }
                    tokenizer: { file: tokenizer.json }
                    weak_supervisor: { model: tiny-weak, revision: step143000, layer: middle }
                    config: { model_type: gpt_neox, hidden_size: 32, num_hidden_layers: 2, num_attention_heads: 4, intermediate_size: 64, vocab_size: 50304 }
                aliases:
                  tiny: { repo: test-org/tiny, family: tiny }
                  tiny-weak: { repo: test-org/tiny-weak, family: tiny }
                """);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void sweepsAnAliasFromTheHubWithItsDefaultWeakSupervisorAndReleasesTheWeights() throws Exception {
        Path out = tmp.resolve("results");
        SweepCommand cmd = new SweepCommand();
        cmd.sweep = new SweepOptions();
        cmd.sweep.hubSettings = settings;
        CommandLine cl = new CommandLine(cmd);
        cl.setExecutionExceptionHandler(new UserErrors());
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("--model", "tiny", "--registry", registry.toString(), "--steps", "step1,step2,step8",
                "--seeds", "0", "--n-weak", "48", "--n-transfer", "48", "--n-test", "48", "--cv", "2",
                "--lambdas", "10", "--bootstrap", "50", "--max-length", "32", "--device", "cpu", "--no-progress",
                "--out", out.toString());
        assertEquals(0, code, err.toString());

        JsonNode run = new ObjectMapper().readTree(out.resolve("run.json").toFile());
        assertEquals("tiny-weak@step143000:1", run.path("settings").path("weak").asText(),
                "the registry's weak supervisor, at its middle layer (2+1)//2");
        JsonNode step8 = run.path("checkpoints").path("step8");
        assertEquals("test-org/tiny", step8.path("repo").asText());
        assertEquals(40, step8.path("commit").asText().length(), step8.toString());
        assertEquals(Sha256.of(tmp.resolve("src/test-org-tiny/step8/model.safetensors")),
                step8.path("files_sha256").path("model.safetensors").asText());
        assertEquals(step8.path("weights_fingerprint").asText(), run.path("checkpoints").path("step2").path("weights_fingerprint").asText());
        assertNotEquals(step8.path("weights_fingerprint").asText(), run.path("checkpoints").path("step1").path("weights_fingerprint").asText());
        List<String> emergence = Files.readAllLines(out.resolve("emergence.csv"));
        int geometry = org.w2sg.geometry.GeometryResult.names(org.w2sg.geometry.GeometryOptions.DEFAULT_KS,
                org.w2sg.geometry.GeometryOptions.DEFAULT_FEW_SHOT).size();
        assertEquals(1 + 3 * (15 + geometry), emergence.size(), "3 revisions x (15 + geometry) metrics: the protocol's 13 and 2 imitation");
        for (String row : emergence.subList(1, emergence.size())) {
            String revision = row.split(",")[1];
            assertEquals(!revision.equals("step1"), row.contains(revision.equals("step2") ? "duplicate_weights_of=step8"
                    : "duplicate_weights_of=step2"), row);
        }

        try (Stream<Path> files = Files.walk(tmp.resolve("hub"))) {
            List<String> weights = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".safetensors")).toList();
            assertEquals(List.of(), weights, "weights are deleted once their activations are stored");
        }
        assertTrue(Files.exists(out.resolve("activations")), "activations stay in the run's store");
    }

    private int sweep(HubSettings hub, StringWriter err, String... args) {
        SweepCommand cmd = new SweepCommand();
        cmd.sweep = new SweepOptions();
        cmd.sweep.hubSettings = hub;
        CommandLine cl = new CommandLine(cmd);
        cl.setExecutionExceptionHandler(new UserErrors());
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void offlineEveryMissingCheckpointAndDatasetIsNamedWithOneCommandThatFetchesThem() throws Exception {
        Path out = tmp.resolve("offline");
        Path emptyData = Files.createDirectories(tmp.resolve("no-data"));
        StringWriter err = new StringWriter();
        int code = sweep(settings.withOffline(true), err, "--model", "tiny", "--registry", registry.toString(),
                "--steps", "step1,step8", "--seeds", "0", "--n-weak", "48", "--n-transfer", "48", "--n-test", "48",
                "--cv", "2", "--datasets", "sst2", "--data-dir", emptyData.toString(), "--device", "cpu",
                "--no-progress", "--out", out.toString());
        assertEquals(2, code, err.toString());
        String e = err.toString();
        assertTrue(e.contains("3 checkpoint(s) not in the Hugging Face cache: tiny@step1,step8; "
                + "tiny-weak@step143000 (the weak supervisor)"), e);
        assertTrue(e.contains("dataset sst2: "), e);
        assertTrue(e.contains("harness download --model tiny --steps step1,step8 --weak tiny-weak@step143000 "
                + "--datasets sst2 --data-dir " + emptyData), e);
        assertEquals(1, e.lines().filter(l -> l.startsWith("error:")).count(), e);
        assertFalse(Files.exists(out));
    }

    @Test
    void tokensPerStepAppliesToAHubRepoThatIsNotInTheRegistry() throws Exception {
        for (String rev : List.of("step1", "step2", "step4")) server.addRevision("test-org/unlisted", rev,
                tmp.resolve("src/test-org-tiny/step1"));
        String[] base = {"--model", "test-org/unlisted", "--registry", registry.toString(), "--steps", "step1",
                "--seeds", "0", "--n-weak", "48", "--n-transfer", "48", "--n-test", "48", "--cv", "2", "--lambdas", "10",
                "--bootstrap", "20", "--max-length", "32", "--weak", "noisy-gold:0.2", "--device", "cpu", "--no-progress",
                "--out", tmp.resolve("unlisted").toString()};
        StringWriter err = new StringWriter();
        assertEquals(2, sweep(settings, err, base));
        assertTrue(err.toString().contains("give --tokens-per-step N") && !err.toString().contains("name the folders"),
                "only what works for a Hub repo is suggested: " + err);
        List<String> withTokens = new java.util.ArrayList<>(List.of(base));
        withTokens.addAll(List.of("--tokens-per-step", "2097152"));
        StringWriter err2 = new StringWriter();
        assertEquals(0, sweep(settings, err2, withTokens.toArray(String[]::new)), err2.toString());
        assertTrue(Files.readString(tmp.resolve("unlisted/emergence.csv")).contains("test-org/unlisted,step1,1,2097152,"));
    }
}
