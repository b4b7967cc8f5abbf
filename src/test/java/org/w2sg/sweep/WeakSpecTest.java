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

    @Test
    void parsesStructuredNoiseAloneAndInsideACommaList() {
        assertEquals(new WeakSpec.StructuredNoise(0.25), WeakSpec.parse("structured-noise:0.25"));
        assertEquals("structured-noise:0.25", WeakSpec.parse("structured-noise:0.25").toString());
        // a list of supervisors is split on commas first; each item parses on its own
        for (String item : "pythia-70m@step143000,structured-noise:0.3,noisy-gold:0.2".split(",")) {
            assertNotNull(WeakSpec.parse(item));
        }
        assertEquals(new WeakSpec.StructuredNoise(0.3), WeakSpec.parse(" structured-noise:0.3 "));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WeakSpec.parse("structured-noise:2"))
                .getMessage().contains("structured-noise:0.2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WeakSpec.parse("structured-nois:0.2"))
                .getMessage().contains("did you mean structured-noise:0.2"));
    }
}
