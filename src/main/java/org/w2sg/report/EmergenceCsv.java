package org.w2sg.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.w2sg.io.AtomicFiles;
import org.w2sg.io.Csv;
import org.w2sg.run.Metric;
import org.w2sg.run.Unit;
import org.w2sg.run.UnitResult;

/**
 * emergence.csv: the tidy table, one row per (revision, dataset, layer, weak supervisor, seed, metric), rows ordered by
 * step, revision, dataset, layer, weak supervisor and seed, metrics in the order the unit measured them. An empty value is undefined; {@code flags}
 * says why, and also carries what holds for the whole revision ({@code duplicate_weights_of=...}).
 */
public final class EmergenceCsv {
    public static final List<String> HEADER = UnitResult.TIDY_COLUMNS;

    /** The order every table of a run lists units in. */
    public static final Comparator<UnitResult> ORDER = Comparator
            .comparingLong((UnitResult r) -> r.unit().step())
            .thenComparing(r -> r.unit().revision())
            .thenComparing(r -> r.unit().dataset())
            .thenComparingInt(r -> r.unit().layer())
            .thenComparing(r -> r.unit().weak() == null ? "" : r.unit().weak())
            .thenComparingInt(r -> r.unit().seed());

    private EmergenceCsv() {}

    public static String render(List<UnitResult> results) {
        return render(results, Map.of());
    }

    /** @param revisionFlags flags that hold for every row of a revision (e.g. {@link DuplicateWeights}) */
    public static String render(List<UnitResult> results, Map<String, String> revisionFlags) {
        StringBuilder b = new StringBuilder(Csv.row(HEADER));
        for (UnitResult r : results.stream().sorted(ORDER).toList()) {
            Unit u = r.unit();
            for (Metric m : r.metrics()) {
                b.append(Csv.row(List.of(r.model(), u.revision(), Long.toString(u.step()), Long.toString(u.tokens()),
                        u.dataset(), Integer.toString(u.layer()), u.weak() == null ? "" : u.weak(),
                        Integer.toString(u.seed()), m.name(),
                        Csv.num(m.value()), Csv.num(m.ciLow()), Csv.num(m.ciHigh()),
                        DuplicateWeights.with(m.flags(), revisionFlags.get(u.revision())))));
            }
        }
        return b.toString();
    }

    public static void write(Path file, List<UnitResult> results, Map<String, String> revisionFlags) throws IOException {
        AtomicFiles.writeBytes(file, render(results, revisionFlags).getBytes(StandardCharsets.UTF_8));
    }
}
