package org.w2sg.hub;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.w2sg.io.Npy;
import org.w2sg.model.CollectedOutputs;
import org.w2sg.model.DecoderModel;
import org.w2sg.model.HiddenRequest;
import org.w2sg.model.ModelOptions;
import org.w2sg.model.Models;
import org.w2sg.model.TokenBatch;
import org.w2sg.tools.ReferenceInputs;

/**
 * A checkpoint named ORG/NAME@REVISION and fetched through the loopback Hub (symlinked snapshot, sharded weights)
 * runs exactly like the local folder: the same hidden states, and both match what transformers computed.
 */
@Timeout(60)
class ForwardFromHubTest {
    static final Path FIXTURES = org.w2sg.ReferenceFixtures.ROOT;

    @TempDir
    Path tmp;

    @Test
    void hiddenStatesOfAHubRevisionEqualTheLocalFolderAndTransformers() throws Exception {
        try (FakeHub server = new FakeHub()) {
            server.addRevision("test-org/olmo2", "stage1-step100-tokens1B", FIXTURES.resolve("olmo2_gqa"));
            HubSettings s = HubSettings.forTests(server.endpoint(), tmp.resolve("hub"));
            CheckpointResolver resolver = new CheckpointResolver(null, new SnapshotFetcher(new HubClient(s)), new WeightAudit(s.assetsDir()));
            ResolvedCheckpoint hub = resolver.resolve("test-org/olmo2@stage1-step100-tokens1B", null);
            Path local = FIXTURES.resolve("olmo2_gqa");
            TokenBatch batch = ReferenceInputs.read(local.resolve("inputs.json"), "left_padded");

            CollectedOutputs fromHub = run(hub.dir(), batch), fromFolder = run(local, batch);
            int layers = fromHub.hidden().size() - 1;
            for (int i = 0; i <= layers; i++) {
                assertArrayEquals(fromFolder.hidden().get(i).values(), fromHub.hidden().get(i).values(), 0f, "hidden_" + i);
                Npy.Array expected = Npy.read(local.resolve("expected/left_padded/hidden_" + i + ".npy"));
                double max = 0;
                int width = expected.dim(2);
                for (int row = 0; row < batch.batchSize() * batch.seqLen(); row++) {
                    if (batch.attentionMask()[row] == 0) continue;
                    for (int j = 0; j < width; j++)
                        max = Math.max(max, Math.abs(expected.floats()[row * width + j] - fromHub.hidden().get(i).values()[row * width + j]));
                }
                assertTrue(max <= 1e-4, "hidden_" + i + " differs from transformers by " + max);
            }
        }
    }

    private static CollectedOutputs run(Path dir, TokenBatch batch) throws Exception {
        CollectedOutputs out = new CollectedOutputs();
        try (DecoderModel m = Models.load(dir, new ModelOptions("cpu", "float32", WeightFormat.SAFETENSORS))) {
            m.forward(batch, HiddenRequest.all(m.spec().numLayers(), false), out);
        }
        return out;
    }
}
