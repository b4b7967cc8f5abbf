package org.w2sg.cli;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.w2sg.registry.Registry;

/** Small messages a new user meets in the first hour (issue 14, items 10 and 11). */
class FirstHourMessagesTest {
    @Test
    void aMisspelledOptionIsNamedWithoutItsValue() {
        var r = UserErrorsTest.run("--model", "pythia-70m", "--max-exampels", "400");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: Unknown option: '--max-exampels'\n"), r.err());
        assertFalse(r.err().contains("'400'"), r.err());
    }

    @Test
    void aMisspelledNoisyGoldIsSuggested() {
        var r = UserErrorsTest.run("--model", "pythia-70m", "--weak", "noisy-gld:0.2");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("did you mean noisy-gold:0.2?"), r.err());
    }

    @Test
    void theSmallestPythiaSizesGetASmallerWeakSupervisor() throws Exception {
        Registry reg = Registry.bundled();
        for (String m : new String[] {"pythia-31m", "pythia-70m", "pythia-70m-deduped"}) {
            assertEquals("pythia-14m", reg.alias(m).weakSupervisor().model(), m);
        }
        assertEquals("pythia-70m", reg.alias("pythia-160m").weakSupervisor().model());
    }
}
