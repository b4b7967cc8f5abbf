package org.w2sg.report;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.w2sg.run.Metric;

class SeedAggregateTest {
    @Test
    void severalSeedsGiveMeanAndStudentTInterval() {
        SeedAggregate a = SeedAggregate.of("pgr_acc", List.of(Metric.of("pgr_acc", 0.1, 0, 1),
                Metric.of("pgr_acc", 0.2, 0, 1), Metric.of("pgr_acc", 0.3, 0, 1)));
        // mean 0.2, sd 0.1, t(0.975, 2 df) = 4.302652729749464 (tables), half width = t * 0.1 / sqrt(3)
        double half = 4.302652729749464 * 0.1 / Math.sqrt(3);
        assertEquals(0.2, a.value(), 1e-12);
        assertEquals(0.2 - half, a.ciLow(), 1e-9);
        assertEquals(0.2 + half, a.ciHigh(), 1e-9);
        assertEquals(3, a.seeds());
        assertEquals("", a.flags());
    }

    @Test
    void oneSeedKeepsItsBootstrapIntervalAndUndefinedSeedsAreFlagged() {
        SeedAggregate a = SeedAggregate.of("pgr_acc", List.of(Metric.of("pgr_acc", 0.4, 0.3, 0.55),
                Metric.undefined("pgr_acc", "pgr_undefined: acc ceiling-weak gap 0.0100 < floor 0.0200"), Metric.undefined("pgr_acc", "pgr_undefined: acc ceiling-weak gap 0.0050 < floor 0.0200")));
        assertEquals(0.4, a.value());
        assertEquals(0.3, a.ciLow());
        assertEquals(0.55, a.ciHigh());
        assertEquals("pgr_acc:pgr_undefined(2/3 seeds)", a.flags());
        SeedAggregate none = SeedAggregate.of("pgr_acc", List.of(Metric.undefined("pgr_acc", "gap_below_floor")));
        assertNull(none.value());
        assertEquals(0, none.seeds());
    }
}
