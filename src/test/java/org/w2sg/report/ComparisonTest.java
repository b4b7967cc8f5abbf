package org.w2sg.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYSeries;
import org.w2sg.probe.MetricNames;
import org.w2sg.run.UnitResult;

/**
 * A run swept with two weak supervisors whose PGR transitions lie 4x apart (4e9 and 1.6e10 tokens): the comparison's
 * overlays draw one curve per supervisor, named by it, each through its own supervisor's points.
 */
class ComparisonTest {
    static final String A = "noisy-gold:0.2";
    static final String B = "noisy-gold:0.4";
    static final long PARAMETERS = 70_426_624L;

    static Comparison twoSupervisors() {
        List<UnitResult> units = new ArrayList<>(KnownMidpoints.ledger("pythia-70m", A, 4e9, 1));
        units.addAll(KnownMidpoints.ledger("pythia-70m", B, 1.6e10, 2));
        return new Comparison(List.of(new Comparison.Run("lab", "pythia-70m", PARAMETERS, A + "," + B, units, 20)));
    }

    /** The PGR the ledger was drawn from, at {@code tokens}, without its seed noise. */
    static double truth(double tokens, double mid) {
        return 0.7 / (1 + Math.exp(-(Math.log(tokens) - Math.log(mid)) / 0.8));
    }

    @Test
    void theOverlayHasOneCurvePerSupervisorThroughItsOwnPoints(@TempDir Path dir) throws Exception {
        Comparison c = twoSupervisors();
        for (boolean byCompute : new boolean[] {false, true}) {
            var chart = c.overlay(dir.resolve("pgr-" + byCompute + ".png"), "sst2", MetricNames.PGR_ACC, "PGR", byCompute);
            String nameA = "lab (pythia-70m, weak " + A + ")";
            String nameB = "lab (pythia-70m, weak " + B + ")";
            assertEquals(Set.of(nameA, nameB), chart.getSeriesMap().keySet());
            for (String name : List.of(nameA, nameB)) {
                double mid = name.equals(nameA) ? 4e9 : 1.6e10;
                XYSeries s = chart.getSeriesMap().get(name);
                assertEquals(KnownMidpoints.STEPS.length, s.getYData().length, name + ": one point per step");
                for (int i = 0; i < KnownMidpoints.STEPS.length; i++) {
                    // the axis was made readable: x is log10 of tokens, or of compute in PFLOP
                    double tokens = Math.pow(10, s.getXData()[i]) / (byCompute ? 6.0 * PARAMETERS / 1e15 : 1);
                    assertEquals(KnownMidpoints.STEPS[i] * 2097152.0, tokens, 1e-6 * tokens, name + " x at " + i);
                    // the mean of two seeds with noise sd 0.01: within 0.03 of its own truth; the other
                    // supervisor's differs by up to 0.3 in the middle steps
                    assertEquals(truth(tokens, mid), s.getYData()[i], 0.03, name + " at " + tokens + " tokens");
                }
            }
        }
    }

    @Test
    void theMidpointAgainstSizeHasOnePointPerSupervisor(@TempDir Path dir) throws Exception {
        Comparison c = twoSupervisors();
        var chart = c.midpointVsSize(dir.resolve("mid.png"), "sst2");
        for (var e : List.of(java.util.Map.entry(A, 4e9), java.util.Map.entry(B, 1.6e10))) {
            XYSeries s = chart.getSeriesMap().get("lab (pythia-70m, weak " + e.getKey() + ")");
            assertEquals(1, s.getYData().length, e.getKey());
            assertEquals(Math.log(e.getValue()), Math.log(s.getYData()[0]), 0.15, e.getKey() + "'s midpoint");
        }
        assertEquals(2, chart.getSeriesMap().values().stream().filter(XYSeries::isShowInLegend).count(),
                "legend entries: " + chart.getSeriesMap().keySet());
    }
}
