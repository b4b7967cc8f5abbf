package org.w2sg.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.w2sg.io.AtomicFiles;
import org.w2sg.io.Csv;
import org.w2sg.probe.MetricNames;

/**
 * summary.csv: one row per step, dataset and layer (one per step and dataset with the default middle layer), each
 * headline metric combined over seeds with its CI (see {@link SeedAggregate}), and the flags of any seed (after the
 * revision's own, such as {@code duplicate_weights_of=...}).
 */
public final class SummaryCsv {
    private SummaryCsv() {}

    public static List<String> header() {
        return header(StepSummary.COLUMNS);
    }

    /** The headline metrics, then the geometry metrics any row has (in the order they first appear). */
    static List<String> columns(List<StepSummary> rows) {
        java.util.LinkedHashSet<String> c = new java.util.LinkedHashSet<>(StepSummary.COLUMNS);
        for (StepSummary s : rows) for (String m : s.metrics().keySet()) if (GeometrySummary.isGeometry(m)) c.add(m);
        return List.copyOf(c);
    }

    static List<String> header(List<String> columns) {
        List<String> h = new ArrayList<>(List.of("model", "revision", "step", "tokens", "dataset", "layer", "weak",
                "seeds"));
        for (String m : columns) {
            h.add(m);
            h.add(m + "_ci_low");
            h.add(m + "_ci_high");
        }
        h.add("flags");
        return h;
    }

    public static String render(List<StepSummary> rows) {
        return render(rows, Map.of());
    }

    /** @param revisionFlags flags that hold for every row of a revision (e.g. {@link DuplicateWeights}), listed first */
    public static String render(List<StepSummary> rows, Map<String, String> revisionFlags) {
        List<String> columns = columns(rows);
        StringBuilder b = new StringBuilder(Csv.row(header(columns)));
        for (StepSummary s : rows) {
            List<String> cells = new ArrayList<>(List.of(s.model(), s.revision(), Long.toString(s.step()),
                    Long.toString(s.tokens()), s.dataset(), Integer.toString(s.layer()), s.weak() == null ? "" : s.weak(),
                    Integer.toString(s.seeds())));
            List<String> flags = new ArrayList<>();
            if (revisionFlags.containsKey(s.revision())) flags.add(revisionFlags.get(s.revision()));
            for (String m : columns) {
                SeedAggregate a = s.metric(m);
                cells.add(Csv.num(a.value()));
                cells.add(Csv.num(a.ciLow()));
                cells.add(Csv.num(a.ciHigh()));
                if (!a.flags().isEmpty()) flags.add(a.flags());
            }
            cells.add(String.join(";", flags));
            b.append(Csv.row(cells));
        }
        return b.toString();
    }

    public static void write(Path file, List<StepSummary> rows, Map<String, String> revisionFlags) throws IOException {
        AtomicFiles.writeBytes(file, render(rows, revisionFlags).getBytes(StandardCharsets.UTF_8));
    }
}
