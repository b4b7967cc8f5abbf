package org.w2sg.run;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w2sg.errors.UserException;
import org.w2sg.run.RunSettings;

public class RunFolderTest {
    @TempDir
    Path dir;

    public static RunSettings settings(List<Integer> seeds, double floor) {
        return new RunSettings("pythia-410m", List.of("sst2"), "mid", seeds, 500, 500, 500,
                "pythia-70m@step143000:3", "mean", 128, "soft", new RunSettings.Probe(5, List.of(0.1, 1.0, 10.0), 1000, floor));
    }

    @Test
    void fingerprintIsStableAndSensitiveToResultOptions() {
        assertEquals(settings(List.of(0, 1, 2), 0.02).fingerprint(), settings(List.of(0, 1, 2), 0.02).fingerprint());
        assertNotEquals(settings(List.of(0, 1, 2), 0.02).fingerprint(), settings(List.of(0, 1), 0.02).fingerprint());
        assertNotEquals(settings(List.of(0, 1, 2), 0.02).fingerprint(), settings(List.of(0, 1, 2), 0.05).fingerprint());
        assertEquals(64, settings(List.of(0), 0.02).fingerprint().length());
    }

    @Test
    void settingsRoundTripThroughTheFolder() throws Exception {
        RunFolder f = new RunFolder(dir.resolve("run"));
        f.claim(settings(List.of(0, 1, 2), 0.02));
        assertEquals(settings(List.of(0, 1, 2), 0.02), f.recordedSettings());
        f.claim(settings(List.of(0, 1, 2), 0.02)); // same settings: fine
    }

    @Test
    void otherSettingsAreRefusedNamingTheOptionsAndTheWayOut() throws Exception {
        RunFolder f = new RunFolder(dir.resolve("run"));
        f.claim(settings(List.of(0, 1, 2), 0.02));
        UserException e = assertThrows(UserException.class, () -> f.claim(settings(List.of(0), 0.05)));
        assertTrue(e.getMessage().contains("seeds was [0,1,2], now [0]"), e.getMessage());
        assertTrue(e.getMessage().contains("probe.pgrFloor was 0.02, now 0.05"), e.getMessage());
        assertTrue(e.getMessage().contains("new --out"), e.getMessage());
    }
}
