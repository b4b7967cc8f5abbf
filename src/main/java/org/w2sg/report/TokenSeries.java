package org.w2sg.report;

import java.util.Comparator;
import java.util.List;

/** One metric against tokens: the steps where it is defined, on a log token axis, and their coordinates. */
final class TokenSeries {
    private TokenSeries() {}

    /** The rows with tokens (a log axis has no 0) and a value of {@code metric}, by tokens. */
    static List<StepSummary> defined(List<StepSummary> rows, String metric) {
        return rows.stream().filter(s -> s.tokens() > 0 && s.metric(metric).value() != null)
                .sorted(Comparator.comparingLong(StepSummary::tokens)).toList();
    }

    static double[] tokens(List<StepSummary> pts) {
        return pts.stream().mapToDouble(StepSummary::tokens).toArray();
    }

    static double[] values(List<StepSummary> pts, String metric) {
        return pts.stream().mapToDouble(s -> s.metric(metric).value()).toArray();
    }

    /** The intervals' lower bounds; the value itself where a step has none. */
    static double[] lows(List<StepSummary> pts, String metric) {
        return pts.stream().mapToDouble(s -> orValue(s.metric(metric).ciLow(), s, metric)).toArray();
    }

    /** The intervals' upper bounds; the value itself where a step has none. */
    static double[] highs(List<StepSummary> pts, String metric) {
        return pts.stream().mapToDouble(s -> orValue(s.metric(metric).ciHigh(), s, metric)).toArray();
    }

    private static double orValue(Double bound, StepSummary s, String metric) {
        return bound != null ? bound : s.metric(metric).value();
    }
}
