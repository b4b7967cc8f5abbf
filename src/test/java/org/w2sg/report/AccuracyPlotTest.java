package org.w2sg.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.w2sg.report.Pixels.count;
import static org.w2sg.report.Pixels.exactly;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w2sg.chart.XTicks;

class AccuracyPlotTest {
    @Test
    void accuracyPlotDrawsEachCurveInItsColour(@TempDir Path dir) throws Exception {
        List<StepSummary> rows = new ArrayList<>();
        for (long step : new long[] {1000, 4000, 16000, 64000}) {
            rows.add(new StepSummary("m", "step" + step, step, step * 2097152L, "sst2", 12, null, 3, Map.of(
                    "weak_acc", new SeedAggregate(0.6, null, null, 3, ""),
                    "ceiling_acc", new SeedAggregate(0.9, null, null, 3, ""),
                    "w2s_acc", new SeedAggregate(0.75, null, null, 3, ""))));
        }
        Path png = dir.resolve("acc.png");
        XTicks ticks = XTicks.of(AccuracyPlot.draw(png, "m on sst2", rows));
        // steps a factor 4 apart, so evenly spaced on the log axis: XChart ticks them, labelled in counts ("1E10"
        // before), each factor of 4 as wide as the next (on a linear axis the last gap would be 16 times the first)
        assertEquals(List.of("2.1B", "8.4B", "34B", "130B"), ticks.labels());
        double gap = ticks.at("8.4B") - ticks.at("2.1B");
        assertTrue(gap > 100, "ticks at " + ticks.locations());
        assertEquals(gap, ticks.at("130B") - ticks.at("34B"), 2.0);
        BufferedImage img = ImageIO.read(png.toFile());
        for (Color c : new Color[] {new Color(127, 127, 127), new Color(44, 160, 44), PgrPlotTest.PGR}) {
            assertTrue(count(img, 0, 0, img.getWidth(), img.getHeight(), exactly(c)) > 4 * 20, c + " drawn");
        }
    }
}
