package org.w2sg.hub;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.w2sg.registry.Registry;

@Timeout(30)
class CheckpointResolverTest {
    static final Path FIXTURES = org.w2sg.ReferenceFixtures.ROOT;
    static final String REGISTRY = """
            families:
              f:
                revisions: { scheme: pythia, tokens_per_step: 2097152 }
                tokenizer: { file: tokenizer.json }
                weak_supervisor: { model: tiny, revision: step143000 }
                config: { model_type: gpt_neox, hidden_size: 64, num_hidden_layers: 3, num_attention_heads: 4, intermediate_size: 256, vocab_size: 1000 }
            aliases:
              tiny: { repo: test-org/tiny, family: f }
            """;

    @TempDir
    Path tmp;
    FakeHub server;
    CheckpointResolver resolver;

    @BeforeEach
    void start() throws Exception {
        server = new FakeHub();
        server.addRevision("test-org/tiny", "step0", FIXTURES.resolve("gpt_neox_pythia"));
        server.addRevision("test-org/tiny", "step1", FIXTURES.resolve("gpt_neox_sequential"));
        HubSettings s = HubSettings.forTests(server.endpoint(), tmp.resolve("hub"));
        resolver = new CheckpointResolver(Registry.parse(REGISTRY, "test.yaml"), new SnapshotFetcher(new HubClient(s)),
                new WeightAudit(s.assetsDir()));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void hubRevisionAndLocalFolderGiveTheSameWeights() throws Exception {
        ResolvedCheckpoint hub = resolver.resolve("test-org/tiny@step1", null);
        ResolvedCheckpoint local = resolver.resolve(FIXTURES.resolve("gpt_neox_sequential").toString(), null);
        assertEquals("test-org/tiny", hub.repo());
        assertEquals("step1", hub.revision());
        assertEquals(40, hub.commit().length());
        assertTrue(hub.dir().startsWith(tmp.resolve("hub/models--test-org--tiny/snapshots")), hub.dir().toString());
        assertTrue(local.isLocal());
        assertNull(local.commit());
        assertEquals(List.of("model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"), hub.weightFiles());
        assertEquals(local.weightFiles(), hub.weightFiles());
        assertEquals(local.weightSha256(), hub.weightSha256());
        assertEquals(local.weightsFingerprint(), hub.weightsFingerprint());
        for (String f : hub.weightFiles())
            assertArrayEquals(Files.readAllBytes(local.dir().resolve(f)), Files.readAllBytes(hub.dir().resolve(f)));
        // the sha256 of an LFS file is also its name on the Hub: check one against an independent computation
        String sha = FakeHub.entry(FIXTURES.resolve("gpt_neox_sequential/model-00001-of-00002.safetensors")).sha256();
        assertEquals(sha, hub.weightSha256().get("model-00001-of-00002.safetensors"));

        ResolvedCheckpoint bin = resolver.resolve(FIXTURES.resolve("gpt_neox_sequential").toString(), null, WeightFormat.BIN);
        assertEquals(List.of("pytorch_model-00001-of-00002.bin", "pytorch_model-00002-of-00002.bin"), bin.weightFiles());
    }

    @Test
    void aliasWithRevisionByNameOrStepNumber() throws Exception {
        ResolvedCheckpoint a = resolver.resolve("tiny", "0");
        ResolvedCheckpoint b = resolver.resolve("tiny@step0", null);
        ResolvedCheckpoint c = resolver.resolve("test-org/tiny", "step0");
        assertEquals("step0", a.revision());
        assertEquals(a.commit(), b.commit());
        assertEquals(a.commit(), c.commit());
        assertEquals(List.of("model.safetensors"), a.weightFiles());
    }

    @Test
    void badSpecsSayWhatIsAccepted() {
        var unknown = assertThrows(IllegalArgumentException.class, () -> resolver.resolve("tinyy", "step0"));
        assertTrue(unknown.getMessage().startsWith("unknown model alias 'tinyy' in test.yaml; did you mean: tiny"), unknown.getMessage());
        var clash = assertThrows(IllegalArgumentException.class, () -> resolver.resolve("tiny@step0", "step1"));
        assertEquals("'tiny@step0' names revision step0 but --revision says step1", clash.getMessage());
        var empty = assertThrows(IllegalArgumentException.class, () -> resolver.resolve("tiny@", null));
        assertTrue(empty.getMessage().contains("nothing after '@'"), empty.getMessage());
        var noConfig = assertThrows(IllegalArgumentException.class, () -> resolver.resolve(FIXTURES.resolve("gpt_neox_pythia/expected").toString(), null));
        assertTrue(noConfig.getMessage().contains("has no config.json"), noConfig.getMessage());
        var missingRev = assertThrows(HubException.class, () -> resolver.resolve("test-org/tiny@step7", null));
        assertEquals("test-org/tiny has no revision 'step7' (HTTP 404); nearest: step0, step1", missingRev.getMessage());
    }
}
