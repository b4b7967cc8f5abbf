package org.w2sg.sweep;

import static org.junit.jupiter.api.Assertions.*;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class WeakSpecTest {
    @Test
    void parsesCheckpointsWithOptionalRevisionAndLayer() {
        assertEquals(new WeakSpec.Checkpoint("pythia-160m", "step143000", OptionalInt.of(6)),
                WeakSpec.parse("pythia-160m@step143000:6"));
        assertEquals(new WeakSpec.Checkpoint("pythia-160m", null, OptionalInt.empty()), WeakSpec.parse("pythia-160m"));
        assertEquals(new WeakSpec.Checkpoint("EleutherAI/pythia-70m", "step1000", OptionalInt.empty()),
                WeakSpec.parse("EleutherAI/pythia-70m@step1000"));
        assertEquals(new WeakSpec.Checkpoint("/data/runs/small", null, OptionalInt.of(2)),
                WeakSpec.parse("/data/runs/small:2"));
        assertEquals("pythia-160m@step143000:6", WeakSpec.parse("pythia-160m@step143000:6").toString());
    }

    @Test
    void parsesNoisyGoldAndRejectsNonsenseWithAnExample() {
        assertEquals(new WeakSpec.NoisyGold(0.2), WeakSpec.parse("noisy-gold:0.2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WeakSpec.parse("noisy-gold:1.5")).getMessage()
                .contains("noisy-gold:0.2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WeakSpec.parse("pythia-70m@step1:six"))
                .getMessage().contains("layer index"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WeakSpec.parse("pythia-70m@")).getMessage()
                .contains("revision"));
    }
}
