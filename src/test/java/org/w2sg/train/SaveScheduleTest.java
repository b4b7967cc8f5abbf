package org.w2sg.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.w2sg.errors.UserException;

class SaveScheduleTest {
    @Test
    void pythiaScaledToTheRun() {
        // K = ceil(600 / 20) = 30: powers of two below 30, then every 30th step
        assertEquals(List.of(0L, 1L, 2L, 4L, 8L, 16L, 30L, 60L, 90L, 120L, 150L, 180L, 210L, 240L, 270L, 300L, 330L,
                360L, 390L, 420L, 450L, 480L, 510L, 540L, 570L, 600L), List.copyOf(new SaveSchedule("pythia").steps(600)));
        // 20 points of 20000 steps: K = 1000 as Pythia, powers of two up to 512
        List<Long> big = List.copyOf(new SaveSchedule("pythia").steps(20000));
        assertEquals(List.of(0L, 1L, 2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 512L, 1000L, 2000L), big.subList(0, 13));
        assertEquals(20000L, big.getLast());
    }

    @Test
    void listsLogAndEvery() {
        assertEquals(List.of(0L, 5L, 7L), List.copyOf(new SaveSchedule("0,5").steps(7)));
        assertEquals(List.of(0L, 3L, 6L, 7L), List.copyOf(new SaveSchedule("every:3").steps(7)));
        assertEquals(List.of(0L, 1L, 10L, 100L, 1000L), List.copyOf(new SaveSchedule("log:4").steps(1000)));
        assertThrows(UserException.class, () -> new SaveSchedule("every:0"));
        assertThrows(UserException.class, () -> new SaveSchedule("log:x"));
    }
}
