package org.w2sg.report;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.w2sg.probe.MetricNames;
import org.w2sg.run.Metric;
import org.w2sg.run.Unit;
import org.w2sg.run.UnitResult;

/**
 * A run's ledger whose PGR follows a known logistic in ln(tokens) (height 0.7, midpoint given, width 0.8) plus seed
 * noise 0.01, over 11 Pythia steps, 2 seeds, at layer 3 of sst2: the truth a transition fit must recover.
 */
public final class KnownMidpoints {
    public static final long[] STEPS = {16, 128, 512, 1000, 2000, 4000, 8000, 16000, 32000, 64000, 143000};

    private KnownMidpoints() {}

    /** The units of {@code model} under weak supervisor {@code weak} (null: records that name none). */
    public static List<UnitResult> ledger(String model, String weak, double midTokens, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<UnitResult> out = new ArrayList<>();
        for (long step : STEPS) {
            long tokens = step * 2097152L;
            for (int s = 0; s < 2; s++) {
                double pgr = 0.7 / (1 + Math.exp(-(Math.log(tokens) - Math.log(midTokens)) / 0.8)) + 0.01 * rng.nextGaussian();
                double w2s = 0.7 + pgr * 0.1;
                out.add(new UnitResult(model, new Unit("step" + step, step, tokens, "sst2", 3, s, weak), List.of(
                        Metric.of(MetricNames.WEAK_ACC, 0.7, 0.68, 0.72), Metric.of(MetricNames.CEILING_ACC, 0.8, 0.78, 0.82),
                        Metric.of(MetricNames.W2S_ACC, w2s, w2s - 0.02, w2s + 0.02),
                        Metric.of(MetricNames.GAIN_ACC, w2s - 0.7, w2s - 0.71, w2s - 0.69),
                        Metric.of(MetricNames.PGR_ACC, pgr, pgr - 0.05, pgr + 0.05))));
            }
        }
        return out;
    }
}
