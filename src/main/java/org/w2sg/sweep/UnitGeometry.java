package org.w2sg.sweep;

import java.util.ArrayList;
import java.util.List;
import org.w2sg.geometry.Geometry;
import org.w2sg.geometry.GeometryOptions;
import org.w2sg.geometry.GeometryResult;
import org.w2sg.probe.ProbeFit;
import org.w2sg.probe.WeakPredictions;
import org.w2sg.run.Metric;

/**
 * The geometry metrics of one unit ({@code geo_*} rows of emergence.csv), from the same B and T as the unit's probes
 * and with its ceiling probe as the gold direction: no extra forward pass and one probe fewer. The metrics scored on T
 * carry a 95% normal-approximation interval over T's rows (what the summary's test-set term reads back); those
 * fitted on B alone (spectrum, alignments, shares) carry none: their variation is the split's, i.e. the seeds'.
 */
final class UnitGeometry {
    private static final double Z95 = 1.959963984540054;

    private UnitGeometry() {}

    static List<Metric> measure(float[][] xB, int[] goldB, float[][] xT, int[] goldT, WeakPredictions weak,
                                ProbeFit ceiling, GeometryOptions options) {
        return metrics(Geometry.measure(xB, goldB, xT, goldT, weak, ceiling, options));
    }

    static List<Metric> metrics(GeometryResult g) {
        String flags = String.join(";", g.flags());
        List<Metric> out = new ArrayList<>();
        g.metrics().forEach((name, v) -> {
            if (!Double.isFinite(v)) {
                out.add(Metric.undefined(name, flags.isEmpty() ? "geometry_undefined" : flags));
                return;
            }
            Double se = g.testErrors().get(name);
            if (se == null) {
                out.add(new Metric(name, v, null, null, ""));
            } else {
                boolean unit = !name.equals(GeometryResult.FISHER_DPRIME); // accuracies and the AUC live in [0, 1]
                double lo = v - Z95 * se, hi = v + Z95 * se;
                out.add(new Metric(name, v, unit ? Math.max(0, lo) : lo, unit ? Math.min(1, hi) : hi, ""));
            }
        });
        return out;
    }
}
