package org.w2sg.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.w2sg.probe.MetricNames;

/** PGR (accuracy) against tokens for a run swept with several weak supervisors: one curve each, in its colour. */
public final class SupervisorPgrPlot {
    private SupervisorPgrPlot() {}

    /**
     * Draws into {@code file}, per supervisor, its CI band (a bar where one step is defined) and its fitted logistic
     * transition dashed, when there is one.
     */
    public static XYChart draw(Path file, String title, List<SupervisorCurve> curves) throws IOException {
        XYChart c = Figure.xy(title, "tokens seen", "PGR (accuracy)");
        List<List<StepSummary>> defined = curves.stream().map(sc -> PgrCurve.defined(sc.rows())).toList();
        List<double[]> values = defined.stream().filter(pts -> !pts.isEmpty())
                .map(pts -> TokenSeries.values(pts, MetricNames.PGR_ACC)).toList();
        if (values.isEmpty()) {
            Figure.placeholder(c, "no step has a defined PGR for any weak supervisor (the gap's lower bound is not above 0)");
            return Figure.save(c, file);
        }
        // one axis for every supervisor's points: one supervisor's interval over a tiny gap must not flatten the others
        PgrAxis axis = PgrAxis.around(values);
        axis.apply(c);
        for (int k = 0; k < curves.size(); k++) {
            SupervisorCurve sc = curves.get(k);
            if (defined.get(k).isEmpty()) continue;
            new PgrCurve(", weak " + sc.weak(), SupervisorCurve.color(k, 50), SupervisorCurve.color(k, 255),
                    SupervisorCurve.color(k, 255), SupervisorCurve.color(k, 255))
                    .draw(c, defined.get(k), axis, sc.fitted(), sc.fitLabel());
        }
        return Figure.save(c, file);
    }
}
