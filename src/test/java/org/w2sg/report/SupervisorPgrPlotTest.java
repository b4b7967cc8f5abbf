package org.w2sg.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupervisorPgrPlotTest {
    /** PGR from {@code from} to {@code to} over the steps of {@link PgrPlotTest#rising()}, for weak supervisor {@code weak}. */
    static List<StepSummary> supervisor(String weak, double from, double to) {
        List<StepSummary> rows = new ArrayList<>();
        for (StepSummary s : PgrPlotTest.rising()) {
            double pgr = from + (to - from) * (s.metric("pgr_acc").value() - 0.1) / 0.8;
            rows.add(new StepSummary("m", s.revision(), s.step(), s.tokens(), "sst2", 12, weak, 3,
                    Map.of("pgr_acc", new SeedAggregate(pgr, pgr - 0.05, pgr + 0.05, 3, ""))));
        }
        return rows;
    }

    @Test
    void aPgrIntervalOverATinyGapDoesNotSetTheAxis(@TempDir Path dir) throws Exception {
        // a's points reach -0.8 (the axis' lower end -1.3), b's 1.4 (its upper end 1.9): one axis for all curves
        List<StepSummary> a = supervisor("a", -0.8, 0.6);
        List<StepSummary> b = new ArrayList<>(supervisor("b", 0.2, 1.4));
        StepSummary s = b.get(3);
        double v = s.metric("pgr_acc").value();
        // one step of b's with a Fieller interval reaching -21 (a gap just above 0)
        b.set(3, new StepSummary("m", s.revision(), s.step(), s.tokens(), "sst2", 12, "b", 3,
                Map.of("pgr_acc", new SeedAggregate(v, -21.0, v + 3, 3, ""))));
        var chart = SupervisorPgrPlot.draw(dir.resolve("pgr.png"), "m on sst2", List.of(
                new SupervisorCurve("a", a, null, null), new SupervisorCurve("b", b, null, null)));
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

        var clean = SupervisorPgrPlot.draw(dir.resolve("clean.png"), "m on sst2", List.of(
                new SupervisorCurve("a", supervisor("a", 0.1, 0.9), null, null),
                new SupervisorCurve("b", supervisor("b", 0.2, 0.7), null, null)));
        assertEquals(-1.0, clean.getStyler().getYAxisMin(), 1e-12);
        assertEquals(1.5, clean.getStyler().getYAxisMax(), 1e-12);
        assertTrue(clean.getSeriesMap().keySet().containsAll(List.of("95% CI, weak a", "95% CI, weak b")),
                "no cut, no caveat: " + clean.getSeriesMap().keySet());
    }

    /** A supervisor with one defined step: its interval is a bar, drawn, ends included, in the supervisor's colour. */
    @Test
    void aOneStepIntervalIsABarInItsSupervisorsColour(@TempDir Path dir) throws Exception {
        List<StepSummary> one = List.of(supervisor("c", 0.3, 0.3).get(4));
        var chart = SupervisorPgrPlot.draw(dir.resolve("pgr.png"), "m on sst2", List.of(
                new SupervisorCurve("a", supervisor("a", 0.1, 0.9), null, null),
                new SupervisorCurve("b", supervisor("b", 0.2, 0.7), null, null),
                new SupervisorCurve("c", one, null, null)));
        var bar = chart.getSeriesMap().get("95% CI, weak c");
        assertEquals(2, bar.getYData().length, "a bar: the interval's two ends");
        assertEquals(SupervisorCurve.color(2, 255), bar.getLineColor());
        assertEquals(SupervisorCurve.color(2, 255), bar.getMarkerColor(), "the bar's ends");
    }
}
