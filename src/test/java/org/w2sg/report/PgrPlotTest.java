package org.w2sg.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.w2sg.report.Pixels.count;
import static org.w2sg.report.Pixels.exactly;
import static org.w2sg.report.Pixels.near;

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

class PgrPlotTest {
    static final Color PGR = new Color(31, 119, 180);
    static final Color FIT = new Color(214, 39, 40);

    /** PGR rising with log tokens: its points lie low on the left and high on the right, the legend top left. */
    static List<StepSummary> rising() {
        List<StepSummary> rows = new ArrayList<>();
        long[] steps = {1000, 2000, 4000, 8000, 16000, 32000, 64000, 143000};
        for (int i = 0; i < steps.length; i++) {
            double pgr = 0.1 + 0.8 * i / (steps.length - 1);
            rows.add(new StepSummary("m", "step" + steps[i], steps[i], steps[i] * 2097152L, "sst2", 12, null, 3,
                    Map.of("pgr_acc", new SeedAggregate(pgr, pgr - 0.05, pgr + 0.05, 3, ""))));
        }
        return rows;
    }

    @Test
    void pgrPlotDrawsTheSeriesTheBandTheFitAndTheLegend(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("pgr.png");
        XTicks ticks = XTicks.of(PgrPlot.draw(png, "m on sst2", rising(), x -> 0.1 + 0.8 / (1 + Math.exp(-(Math.log(x) - 30))),
                "logistic fit"));
        assertTrue(ticks.labels().containsAll(List.of("10B", "100B")), "tick labels " + ticks.labels());
        BufferedImage img = ImageIO.read(png.toFile());
        int w = img.getWidth();
        int h = img.getHeight();
        // outside the legend (top left), the PGR colour is the 8 markers and their line; the fit is its own colour
        int series = count(img, w / 2, 0, w, h, exactly(PGR)) + count(img, 0, h / 2, w / 2, h, exactly(PGR));
        assertTrue(series > 8 * 20, "PGR markers and line drawn: " + series + " pixels");
        assertTrue(count(img, 0, 0, w, h, exactly(FIT)) > 100, "fitted curve drawn");
        // the CI band: its translucent steel blue over white
        assertTrue(count(img, 0, 0, w, h, near(211, 224, 236, 12)) > 1_000, "CI band drawn");
        // the right half's upper part holds the late, high PGR points and the left half's lower part the early ones
        assertTrue(count(img, w / 2, 0, w, h / 2, exactly(PGR)) > 0 && count(img, 0, h / 2, w / 2, h, exactly(PGR)) > 0,
                "points where their values put them");
        // the legend, top left: the series' colour in its key and dark text beside it
        assertTrue(count(img, 0, 0, w / 3, h / 4, exactly(PGR)) > 0, "legend key for PGR");
        assertTrue(count(img, 0, 0, w / 3, h / 4, exactly(FIT)) > 0, "legend key for the fit");
        assertTrue(count(img, 0, h / 12, w / 3, h / 4, near(0, 0, 0, 80)) > 50, "legend text");

        // the same frame without points: none of it, so the counts above measure the drawing
        Path empty = dir.resolve("empty.png");
        PgrPlot.draw(empty, "m on sst2", List.of(), null, null);
        BufferedImage none = ImageIO.read(empty.toFile());
        assertEquals(0, count(none, 0, 0, w, h, exactly(PGR)));
        assertEquals(0, count(none, 0, 0, w, h, exactly(FIT)));
    }

    @Test
    void aPgrIntervalOverATinyGapDoesNotSetTheAxis(@TempDir Path dir) throws Exception {
        List<StepSummary> rows = new ArrayList<>(rising());
        // one step's Fieller interval reaching -20 (a gap just above 0): the axis stays near the points
        StepSummary s = rows.get(3);
        double v = s.metric("pgr_acc").value();
        rows.set(3, new StepSummary("m", s.revision(), s.step(), s.tokens(), "sst2", 12, null, 3,
                Map.of("pgr_acc", new SeedAggregate(v, -20.0, v + 3, 3, ""))));
        var chart = PgrPlot.draw(dir.resolve("pgr.png"), "m on sst2", rows, null, null);
        assertEquals(-1.0, chart.getStyler().getYAxisMin(), 1e-12, "min(-1, lowest point - 0.5)");
        assertEquals(1.5, chart.getStyler().getYAxisMax(), 1e-12, "max(1.5, highest point + 0.5)");
        assertTrue(chart.getSeriesMap().keySet().stream().anyMatch(k -> k.startsWith("95% CI (cut at the plot's edge")),
                "the legend says the band is cut: " + chart.getSeriesMap().keySet());
        var clean = PgrPlot.draw(dir.resolve("clean.png"), "m on sst2", rising(), null, null);
        assertTrue(clean.getSeriesMap().containsKey("95% CI"), "no cut, no caveat: " + clean.getSeriesMap().keySet());
    }
}
