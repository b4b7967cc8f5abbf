package org.w2sg.registry;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepSelectorTest {
    static final List<Revision> PYTHIA = pythia();

    static List<Revision> pythia() {
        RevisionScheme s = new RevisionScheme("pythia", 2_097_152L, null);
        try {
            return s.revisions("x/y", repo -> List.of());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static List<Long> steps(String spec, List<Revision> revs) {
        return StepSelector.parse(spec).select(revs).stream().map(Revision::step).toList();
    }

    @Test
    void listsByNameOrNumber() {
        assertEquals(List.of(1000L, 2000L), steps("step1000,step2000", PYTHIA));
        assertEquals(List.of(1000L, 2000L), steps("2000, 1000", PYTHIA));
        assertEquals(List.of(0L, 512L, 143000L), steps("step143000,512,step0,step512", PYTHIA));
        var e = assertThrows(IllegalArgumentException.class, () -> steps("step1000,step1234", PYTHIA));
        assertEquals("no revision 'step1234'; nearest: step512, step1000, step2000, step3000", e.getMessage());
        var garbage = assertThrows(IllegalArgumentException.class, () -> steps("garbage", PYTHIA));
        assertEquals("no revision 'garbage': --steps takes revision names or step numbers (step1000,2000), "
                + "START:END:STRIDE, log:N or all; the revisions run from step0 to step143000", garbage.getMessage());
    }

    @Test
    void rangePicksEveryStrideInclusive() {
        List<Long> r = steps("1000:143000:10000", PYTHIA);
        List<Long> want = new ArrayList<>();
        for (long s = 1000; s <= 143000; s += 10000) want.add(s);
        assertEquals(want, r);
        assertEquals(15, r.size());
        assertEquals(List.of(0L, 1L, 2L, 4L), steps("0:4:1", PYTHIA));
        // gaps (as in OLMo's refs) fall back to the nearest existing step inside the range
        List<Revision> gappy = List.of(new Revision("a", 1000, -1), new Revision("b", 3000, -1), new Revision("c", 4100, -1));
        assertEquals(List.of(1000L, 3000L), steps("1000:4000:1000", gappy));
    }

    @Test
    void logSpacingKeepsEndsAndIsEvenInLogStep() {
        List<Long> r = steps("log:8", PYTHIA);
        assertEquals(8, r.size());
        assertEquals(0L, r.getFirst());
        assertEquals(143000L, r.getLast());
        for (int i = 1; i < r.size(); i++) assertTrue(r.get(i) > r.get(i - 1), r.toString());
        // interior targets are exp(i/7 * ln(143001)) - 1; the chosen steps are within one Pythia grid step in log space
        double hi = Math.log1p(143000);
        for (int i = 1; i < 7; i++) {
            double target = hi * i / 7;
            assertEquals(target, Math.log1p(r.get(i)), 0.7, "step " + r.get(i) + " vs target " + Math.expm1(target));
        }
        assertEquals(List.of(0L, 143000L), steps("log:2", PYTHIA));
        assertEquals(154, steps("log:500", PYTHIA).size());
        assertEquals(154, steps("all", PYTHIA).size());
    }

    @Test
    void malformedSpecsSayWhatIsExpected() {
        for (var c : List.of(
                List.of("log:x", "log:N needs a whole number"),
                List.of("log:1", "N >= 2"),
                List.of("1000:2000", "START:END:STRIDE"),
                List.of("1000:2000:0", "STRIDE must be positive"),
                List.of("5000:1000:10", "END is before START"),
                List.of("a:b:c", "'a' is not a step number"),
                List.of("step1000,,step2000", "empty item"))) {
            var e = assertThrows(IllegalArgumentException.class, () -> steps(c.get(0), PYTHIA));
            assertTrue(e.getMessage().contains(c.get(1)), c.get(0) + " -> " + e.getMessage());
            assertTrue(e.getMessage().startsWith("--steps '" + c.get(0) + "'"), e.getMessage());
        }
        var e = assertThrows(IllegalArgumentException.class, () -> steps("200000:300000:1000", PYTHIA));
        assertEquals("no revision has a step in 200000..300000; the steps run from 0 to 143000", e.getMessage());
    }
}
