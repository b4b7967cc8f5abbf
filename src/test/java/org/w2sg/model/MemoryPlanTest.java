package org.w2sg.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.w2sg.machine.MemoryPlan;
import org.w2sg.registry.Registry;

/** The memory plan of a pythia-1.4b-shaped model against its closed-form sizes; --max-memory sizes. */
class MemoryPlanTest {
    static final long H = 2048;
    static final long I = 8192;
    static final long VOCAB = 50304;
    static final long GIB = 1L << 30;

    static MemoryPlan pythia14b(long budget) throws java.io.IOException {
        var config = Registry.load(null).alias("pythia-1.4b").config();
        HfConfig hf = HfConfig.of(Path.of("pythia-1.4b/config.json"), new ObjectMapper().valueToTree(config));
        return MemoryPlan.of(budget, Models.tensors(hf), (int) H, 4);
    }

    @Test
    void pythia14bLayerAndResidentBytesAreItsTensorSizes() throws java.io.IOException {
        MemoryPlan plan = pythia14b(2 * GIB);
        // per layer: qkv 3h x h + 3h, dense h x h + h, up i x h + i, down h x i + h, two layer norms 2 x 2h
        long layer = 3 * H * H + 3 * H + H * H + H + I * H + I + H * I + H + 4 * H;
        assertEquals(layer * 4, plan.layerBytes());
        assertEquals(24, plan.layers());
        // resident: the input embedding and the final norm; the untied output head is loaded only for logits
        assertEquals((VOCAB * H + 2 * H) * 4, plan.residentBytes());
        assertEquals(plan.residentBytes() + 24 * plan.layerBytes(), plan.weightBytes());
        assertTrue(plan.weightBytes() > 5_000_000_000L, "about 5.25 GB of float32 weights without the head");
        assertTrue(plan.needsStreaming());
        assertFalse(pythia14b(8 * GIB).needsStreaming());
        assertEquals(2 * H * 4, plan.stateBytesPerToken());
        // what is left of 2 GiB after the embeddings, one layer and a 1024-token batch's working memory holds hidden states
        long free = 2 * GIB - plan.residentBytes() - plan.layerBytes() - plan.workspaceBytesPerToken() * 1024;
        assertEquals(free / plan.stateBytesPerToken(), plan.stateTokens(1024));
        assertFalse(plan.tooSmallFor(1024));
        assertTrue(pythia14b(GIB / 2).tooSmallFor(1024));
        assertEquals(1024, pythia14b(GIB / 2).stateTokens(1024), "one batch always runs");
    }

    @Test
    void sizesParseWithBinaryUnits() {
        assertEquals(2 * GIB, ModelOptions.parseSize("2g"));
        assertEquals(2 * GIB, ModelOptions.parseSize("2GiB"));
        assertEquals(512L << 20, ModelOptions.parseSize("512m"));
        assertEquals(800L << 20, ModelOptions.parseSize("800MB"));
        assertEquals(3 * GIB / 2, ModelOptions.parseSize("1.5G"));
        assertEquals(4096, ModelOptions.parseSize("4096"));
        var e = assertThrows(IllegalArgumentException.class, () -> ModelOptions.parseSize("two gigs"));
        assertTrue(e.getMessage().contains("'two gigs'"), e.getMessage());
    }
}
