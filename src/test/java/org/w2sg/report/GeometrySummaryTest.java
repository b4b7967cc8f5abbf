package org.w2sg.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.TDistribution;
import org.junit.jupiter.api.Test;
import org.w2sg.run.Metric;
import org.w2sg.run.Unit;
import org.w2sg.run.UnitResult;

/** The geometry columns of summary.csv: seed means with the cluster bootstrap's intervals. */
class GeometrySummaryTest {
    static UnitResult unit(long step, int seed, Metric... m) {
        return new UnitResult("m", new Unit("step" + step, step, step * 1000, "sst2", 1, seed), List.of(m));
    }

    /**
     * A metric fitted on B only (no test-set term): over 3 seeds the bootstrap of one mean is the Student-t interval
     * mean +- t(2) s / sqrt(3) (ClusterBootstrap's construction), here within 5% of its half-width (2,000 resamples);
     * with one seed there is no interval at all. A metric scored on T with one seed keeps its test-set interval.
     */
    @Test
    void seedMeansGetStudentTIntervalsAndOneSeedOnlyTheTestSetTerm() {
        double[] cos = {0.4, 0.7, 0.55};
        List<UnitResult> units = new ArrayList<>();
        for (int s = 0; s < 3; s++) units.add(unit(10, s, new Metric("geo_pc1_gold_cos", cos[s], null, null, "")));
        units.add(unit(20, 0, new Metric("geo_pc1_gold_cos", 0.4, null, null, ""),
                new Metric("geo_diffmeans_acc", 0.8, 0.8 - 1.96 * 0.02, 0.8 + 1.96 * 0.02, "")));
        Map<Long, Map<String, SeedAggregate>> g = GeometrySummary.of(units);

        SeedAggregate three = g.get(10L).get("geo_pc1_gold_cos");
        double mean = 0.55, sd = 0.15; // sample sd of 0.4, 0.7, 0.55
        double half = new TDistribution(2).inverseCumulativeProbability(0.975) * sd / Math.sqrt(3);
        assertEquals(mean, three.value(), 1e-12);
        assertEquals(3, three.seeds());
        assertEquals(mean - half, three.ciLow(), 0.05 * half);
        assertEquals(mean + half, three.ciHigh(), 0.05 * half);

        SeedAggregate one = g.get(20L).get("geo_pc1_gold_cos");
        assertEquals(0.4, one.value(), 1e-12);
        assertNull(one.ciLow(), "one seed, fitted on B: no interval");
        SeedAggregate acc = g.get(20L).get("geo_diffmeans_acc");
        assertEquals(0.8 - 1.96 * 0.02, acc.ciLow(), 0.1 * 1.96 * 0.02, "one seed: T's noise only");
        assertEquals(List.of("geo_pc1_gold_cos", "geo_diffmeans_acc"), GeometrySummary.names(units));

        // an interval that would leave [0, 1] ends at the bound: |cos| of 0.02, 0.3, 0.16 over 3 seeds
        List<UnitResult> low = new ArrayList<>();
        double[] small = {0.02, 0.3, 0.16};
        for (int s = 0; s < 3; s++) low.add(unit(10, s, new Metric("geo_pc1_gold_cos", small[s], null, null, "")));
        assertEquals(0.0, GeometrySummary.of(low).get(10L).get("geo_pc1_gold_cos").ciLow(), 0.0);
    }
}
