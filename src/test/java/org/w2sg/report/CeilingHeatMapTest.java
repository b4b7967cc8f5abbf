package org.w2sg.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.w2sg.report.Pixels.count;
import static org.w2sg.report.Pixels.near;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CeilingHeatMapTest {
    /** A full Pythia sweep's shape: 154 steps x 25 hidden states (the step labels are then a subset). */
    @Test
    void heatMapOfAFullSweepIsDrawn(@TempDir Path dir) throws Exception {
        List<Long> steps = new ArrayList<>(List.of(0L, 1L, 2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 512L));
        for (long s = 1000; s <= 143000; s += 1000) steps.add(s);
        assertEquals(154, steps.size());
        List<StepSummary> rows = new ArrayList<>();
        for (long step : steps) {
            for (int layer = 0; layer <= 24; layer++) {
                // from chance at step 0 to 1.0 at the last step: both ends of the map's fixed 0.5-1 scale
                double acc = 0.5 + 0.5 * Math.log1p(step) / Math.log1p(143000);
                rows.add(new StepSummary("pythia-410m", "step" + step, step, step * 2097152L, "sst2", layer, null, 3,
                        Map.of("ceiling_acc", new SeedAggregate(acc, null, null, 3, ""))));
            }
        }
        Path png = dir.resolve("heat.png");
        CeilingHeatMap.draw(png, "pythia-410m on sst2: ceiling (gold probe) accuracy per layer", rows);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(900, img.getWidth());
        assertEquals(560, img.getHeight());
        // the colour scale runs from viridis' dark purple (the lowest accuracy) to its yellow (the highest): both ends
        // fill cells, so the cells are drawn, not just the frame
        assertTrue(count(img, 0, 0, img.getWidth(), img.getHeight(), near(68, 1, 84, 40)) > 2_000, "low cells drawn");
        assertTrue(count(img, 0, 0, img.getWidth(), img.getHeight(), near(253, 231, 37, 40)) > 2_000, "high cells drawn");
    }
}
