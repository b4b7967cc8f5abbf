package org.w2sg.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.w2sg.io.AtomicFiles;
import org.w2sg.io.Csv;
import org.w2sg.probe.LambdaPath;
import org.w2sg.run.Unit;
import org.w2sg.run.UnitResult;

/**
 * lambda.csv: lambda sensitivity, tidy, one row per (unit, probe, grid lambda): the ceiling and w2s probes refitted on
 * all of B at that lambda and scored on T, and whether cross-validation chose it. Units recorded before the path was
 * kept have no rows.
 */
public final class LambdaCsv {
    public static final List<String> HEADER = List.of("model", "revision", "step", "tokens", "dataset", "layer", "weak", "seed",
            "probe", "lambda", "test_acc", "chosen");

    private LambdaCsv() {}

    public static boolean any(List<UnitResult> results) {
        return results.stream().anyMatch(r -> r.lambdaPath() != null);
    }

    public static String render(List<UnitResult> results) {
        StringBuilder b = new StringBuilder(Csv.row(HEADER));
        for (UnitResult r : results.stream().sorted(EmergenceCsv.ORDER).toList()) {
            LambdaPath p = r.lambdaPath();
            if (p == null) continue;
            Unit u = r.unit();
            for (String probe : List.of("ceiling", "w2s")) {
                double[] acc = probe.equals("ceiling") ? p.ceilingAcc() : p.w2sAcc();
                double chosen = probe.equals("ceiling") ? p.ceilingChosen() : p.w2sChosen();
                for (int i = 0; i < p.lambdas().length; i++) {
                    b.append(Csv.row(List.of(r.model(), u.revision(), Long.toString(u.step()),
                            Long.toString(u.tokens()), u.dataset(), Integer.toString(u.layer()),
                            u.weak() == null ? "" : u.weak(), Integer.toString(u.seed()), probe, Csv.num(p.lambdas()[i]), Csv.num(acc[i]),
                            Boolean.toString(Double.compare(p.lambdas()[i], chosen) == 0))));
                }
            }
        }
        return b.toString();
    }

    public static void write(Path file, List<UnitResult> results) throws IOException {
        AtomicFiles.writeBytes(file, render(results).getBytes(StandardCharsets.UTF_8));
    }
}
