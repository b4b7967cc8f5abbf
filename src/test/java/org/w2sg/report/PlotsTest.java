package org.w2sg.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

class PlotsTest {
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
        Plots.ceilingHeatMap(png, "pythia-410m on sst2: ceiling (gold probe) accuracy per layer", rows);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(900, img.getWidth());
        assertEquals(560, img.getHeight());
        // the colour scale runs from viridis' dark purple (the lowest accuracy) to its yellow (the highest): both ends
        // fill cells, so the cells are drawn, not just the frame
        assertTrue(count(img, 0, 0, img.getWidth(), img.getHeight(), near(68, 1, 84, 40)) > 2_000, "low cells drawn");
        assertTrue(count(img, 0, 0, img.getWidth(), img.getHeight(), near(253, 231, 37, 40)) > 2_000, "high cells drawn");
    }

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
        XTicks ticks = XTicks.of(Plots.pgr(png, "m on sst2", rising(), x -> 0.1 + 0.8 / (1 + Math.exp(-(Math.log(x) - 30))),
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
        Plots.pgr(empty, "m on sst2", List.of(), null, null);
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
        var chart = Plots.pgr(dir.resolve("pgr.png"), "m on sst2", rows, null, null);
        assertEquals(-1.0, chart.getStyler().getYAxisMin(), 1e-12, "min(-1, lowest point - 0.5)");
        assertEquals(1.5, chart.getStyler().getYAxisMax(), 1e-12, "max(1.5, highest point + 0.5)");
        assertTrue(chart.getSeriesMap().keySet().stream().anyMatch(k -> k.startsWith("95% CI (cut at the plot's edge")),
                "the legend says the band is cut: " + chart.getSeriesMap().keySet());
        var clean = Plots.pgr(dir.resolve("clean.png"), "m on sst2", rising(), null, null);
        assertTrue(clean.getSeriesMap().containsKey("95% CI"), "no cut, no caveat: " + clean.getSeriesMap().keySet());
    }

    /** PGR from {@code from} to {@code to} over the steps of {@link #rising()}, for weak supervisor {@code weak}. */
    static List<StepSummary> supervisor(String weak, double from, double to) {
        List<StepSummary> rows = new ArrayList<>();
        for (StepSummary s : rising()) {
            double pgr = from + (to - from) * (s.metric("pgr_acc").value() - 0.1) / 0.8;
            rows.add(new StepSummary("m", s.revision(), s.step(), s.tokens(), "sst2", 12, weak, 3,
                    Map.of("pgr_acc", new SeedAggregate(pgr, pgr - 0.05, pgr + 0.05, 3, ""))));
        }
        return rows;
    }

    @Test
    void aPgrIntervalOverATinyGapDoesNotSetTheAxisOfTheSupervisorsPlot(@TempDir Path dir) throws Exception {
        // a's points reach -0.8 (the axis' lower end -1.3), b's 1.4 (its upper end 1.9): one axis for all curves
        List<StepSummary> a = supervisor("a", -0.8, 0.6);
        List<StepSummary> b = new ArrayList<>(supervisor("b", 0.2, 1.4));
        StepSummary s = b.get(3);
        double v = s.metric("pgr_acc").value();
        // one step of b's with a Fieller interval reaching -21 (a gap just above 0)
        b.set(3, new StepSummary("m", s.revision(), s.step(), s.tokens(), "sst2", 12, "b", 3,
                Map.of("pgr_acc", new SeedAggregate(v, -21.0, v + 3, 3, ""))));
        var chart = Plots.pgrBySupervisor(dir.resolve("pgr.png"), "m on sst2", List.of(
                new Plots.SupervisorCurve("a", a, null, null), new Plots.SupervisorCurve("b", b, null, null)));
        assertEquals(-1.3, chart.getStyler().getYAxisMin(), 1e-12, "min(-1, lowest point of any curve - 0.5)");
        assertEquals(1.9, chart.getStyler().getYAxisMax(), 1e-12, "max(1.5, highest point of any curve + 0.5)");
        var names = chart.getSeriesMap().keySet();
        assertTrue(names.contains("95% CI, weak b (cut at the plot's edge; full bounds in summary.csv)"),
                "b's legend says its band is cut: " + names);
        assertTrue(names.contains("95% CI, weak a"), "a's band is whole, its legend plain: " + names);
        // the band drawn stops at the axis: its lowest y is the axis' lower end, not -21
        double bandLow = java.util.Arrays.stream(chart.getSeriesMap()
                .get("95% CI, weak b (cut at the plot's edge; full bounds in summary.csv)").getYData()).min().orElseThrow();
        assertEquals(-1.3, bandLow, 1e-12);

        var clean = Plots.pgrBySupervisor(dir.resolve("clean.png"), "m on sst2", List.of(
                new Plots.SupervisorCurve("a", supervisor("a", 0.1, 0.9), null, null),
                new Plots.SupervisorCurve("b", supervisor("b", 0.2, 0.7), null, null)));
        assertEquals(-1.0, clean.getStyler().getYAxisMin(), 1e-12);
        assertEquals(1.5, clean.getStyler().getYAxisMax(), 1e-12);
        assertTrue(clean.getSeriesMap().keySet().containsAll(List.of("95% CI, weak a", "95% CI, weak b")),
                "no cut, no caveat: " + clean.getSeriesMap().keySet());
    }

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
        XTicks ticks = XTicks.of(Plots.accuracy(png, "m on sst2", rows));
        // steps a factor 4 apart, so evenly spaced on the log axis: XChart ticks them, labelled in counts ("1E10"
        // before), each factor of 4 as wide as the next (on a linear axis the last gap would be 16 times the first)
        assertEquals(List.of("2.1B", "8.4B", "34B", "130B"), ticks.labels());
        double gap = ticks.at("8.4B") - ticks.at("2.1B");
        assertTrue(gap > 100, "ticks at " + ticks.locations());
        assertEquals(gap, ticks.at("130B") - ticks.at("34B"), 2.0);
        BufferedImage img = ImageIO.read(png.toFile());
        for (Color c : new Color[] {new Color(127, 127, 127), new Color(44, 160, 44), PGR}) {
            assertTrue(count(img, 0, 0, img.getWidth(), img.getHeight(), exactly(c)) > 4 * 20, c + " drawn");
        }
    }

    interface ColourTest {
        boolean test(int rgb);
    }

    static ColourTest exactly(Color c) {
        return rgb -> (rgb & 0xFFFFFF) == (c.getRGB() & 0xFFFFFF);
    }

    static ColourTest near(int r, int g, int b, int tolerance) {
        return rgb -> Math.abs(((rgb >> 16) & 0xFF) - r) <= tolerance && Math.abs(((rgb >> 8) & 0xFF) - g) <= tolerance
                && Math.abs((rgb & 0xFF) - b) <= tolerance;
    }

    static int count(BufferedImage img, int x0, int y0, int x1, int y1, ColourTest colour) {
        int n = 0;
        for (int y = y0; y < y1; y++) for (int x = x0; x < x1; x++) if (colour.test(img.getRGB(x, y))) n++;
        return n;
    }
}
