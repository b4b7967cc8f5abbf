package org.w2sg.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.w2sg.errors.UserException;
import org.w2sg.io.AtomicFiles;
import org.w2sg.run.CheckpointLog;
import org.w2sg.run.Ledger;
import org.w2sg.run.RunFolder;
import org.w2sg.run.RunLock;
import org.w2sg.run.RunSettings;
import org.w2sg.run.UnitResult;

/**
 * Rebuilds every output of a run folder from its ledger (all shards merged): emergence.csv, summary.csv, run.json,
 * transition.json, lambda.csv and the plots. The sweep calls it when the plan is complete; {@code harness export} calls it after
 * sharded processes finish. The tables depend only on the finished units, so an interrupted and resumed run writes
 * the same bytes as an uninterrupted one.
 */
public final class Exporter {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What was written. */
    public record Result(int units, int rows, TransitionReport transition, List<Path> files) {}

    private Exporter() {}

    public static Result export(RunFolder folder, PrintStream out) throws IOException {
        Path dir = folder.dir();
        if (!Files.isDirectory(Ledger.directory(dir))) {
            throw new UserException(dir + " has no sweep results (no ledger/ folder): give the --out folder of a sweep, "
                    + "or run the sweep first (harness --model NAME --out " + dir + ")");
        }
        try (RunLock ignored = RunLock.folder(dir)) {
            List<UnitResult> results = folder.results();
            if (results.isEmpty()) {
                throw new UserException(dir + " has no finished units yet: run (or resume) the sweep first");
            }
            RunSettings settings = folder.recordedSettings();
            int resamples = settings != null ? settings.probe().bootstrap() : 1000;
            List<StepSummary> summaries = StepSummary.of(results);
            Map<String, String> duplicates = DuplicateWeights.flags(CheckpointLog.readAll(dir));
            EmergenceCsv.write(folder.emergenceCsv(), results, duplicates);
            SummaryCsv.write(folder.summaryCsv(), summaries, duplicates);
            RunJson.write(folder, results);
            TransitionReport transition = TransitionReport.of(results, summaries, resamples);
            AtomicFiles.writeString(folder.transitionJson(),
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsString(transition.toJson()) + "\n");
            List<Path> files = new java.util.ArrayList<>(List.of(folder.emergenceCsv(), folder.summaryCsv(),
                    folder.runJson(), folder.transitionJson()));
            if (LambdaCsv.any(results)) {
                Path lambdaCsv = dir.resolve("lambda.csv");
                LambdaCsv.write(lambdaCsv, results);
                files.add(lambdaCsv);
            }
            files.addAll(plots(folder, summaries, transition, results));
            int rows = results.stream().mapToInt(r -> r.metrics().size()).sum();
            int supervisors = TransitionReport.supervisors(results).size();
            out.printf("%s: %d units, %d rows in emergence.csv, %d steps x datasets x layers%s in summary.csv%n", dir,
                    results.size(), rows, summaries.size(), supervisors > 1 ? " x " + supervisors + " weak supervisors" : "");
            for (String line : transition.describe()) out.println(line);
            for (var d : new TreeMap<>(duplicates).entrySet())
                out.println("warning: " + d.getKey() + "'s weights are byte-identical to "
                        + d.getValue().substring(DuplicateWeights.FLAG.length()).replace("+", "'s and ") + "'s: its rows are"
                        + " flagged " + d.getValue());
            out.println("wrote " + String.join(", ", files.stream().map(p -> dir.relativize(p).toString()).toList()));
            return new Result(results.size(), rows, transition, files);
        }
    }

    /**
     * A dataset as part of a file name: built-in names as they are; a card given by its path (cards/my.yaml) by its
     * file name without the extension (my), so the plots stay in plots/ whatever the path.
     */
    static String fileName(String dataset) {
        String base = Path.of(dataset).getFileName().toString().replaceFirst("\\.(yaml|yml)$", "");
        return base.replaceAll("[^A-Za-z0-9._=+-]", "_");
    }

    private static List<Path> plots(RunFolder folder, List<StepSummary> summaries, TransitionReport transition,
                                    List<UnitResult> results) throws IOException {
        Path dir = folder.plots();
        List<Path> written = new java.util.ArrayList<>();
        TreeMap<String, TreeSet<Integer>> layers = new TreeMap<>();
        for (StepSummary s : summaries) layers.computeIfAbsent(s.dataset(), k -> new TreeSet<>()).add(s.layer());
        List<String> supervisors = TransitionReport.supervisors(results);
        for (var e : layers.entrySet()) {
            String ds = e.getKey();
            int layer = TransitionReport.headline(e.getValue());
            if (supervisors.size() > 1) {
                written.addAll(plotsBySupervisor(folder, ds, layer, supervisors, summaries, transition, results));
                continue;
            }
            List<StepSummary> atLayer = summaries.stream().filter(s -> s.dataset().equals(ds) && s.layer() == layer).toList();
            String model = summaries.get(0).model();
            var dt = transition.datasets().stream().filter(d -> d.dataset().equals(ds)).findFirst();
            var fit = dt.flatMap(TransitionReport.DatasetTransition::pgr);
            double[] lnRange = dt.map(d -> d.analysis().lnTokenRange()).orElse(new double[] {0, 0});
            var fitted = fit.map(t -> (java.util.function.DoubleUnaryOperator) tokens -> t.curve().at(Math.log(tokens)))
                    .orElse(null);
            String file = fileName(ds);
            Path pgr = dir.resolve("pgr-" + file + ".png");
            PgrPlot.draw(pgr, model + " on " + ds + ", layer " + layer + ": performance gap recovered", atLayer, fitted,
                    fit.map(t -> PgrPlot.fitLabel(t, lnRange)).orElse(null));
            Path acc = dir.resolve("accuracy-" + file + ".png");
            AccuracyPlot.draw(acc, model + " on " + ds + ", layer " + layer + ": accuracy on T", atLayer);
            List<StepSummary> all = summaries.stream().filter(s -> s.dataset().equals(ds)).toList();
            Path heat = dir.resolve("ceiling-layers-" + file + ".png");
            CeilingHeatMap.draw(heat, model + " on " + ds + ": ceiling (gold probe) accuracy per layer", all);
            written.addAll(List.of(pgr, acc, heat));
            List<UnitResult> paths = results.stream().filter(r -> r.lambdaPath() != null
                    && r.unit().dataset().equals(ds) && r.unit().layer() == layer).toList();
            if (!paths.isEmpty()) {
                Path lambda = dir.resolve("lambda-" + file + ".png");
                LambdaPlot.draw(lambda, model + " on " + ds + ", layer " + layer + ": test accuracy vs the probes' lambda",
                        paths);
                written.add(lambda);
            }
            if (atLayer.stream().anyMatch(s -> s.metrics().keySet().stream().anyMatch(GeometrySummary::isGeometry))) {
                Path geo = dir.resolve("geometry-" + file + ".png");
                GeometryPlot.draw(geo, model + " on " + ds + ", layer " + layer + ": geometry and PGR", atLayer);
                written.add(geo);
            }
        }
        return written;
    }

    /**
     * A dataset's plots when the run has several weak supervisors: PGR and accuracy with one curve per supervisor, the
     * ceiling heat map once (the gold probe does not depend on the supervisor), and per supervisor its lambda and
     * geometry plots (file names end in -weak-NAME).
     */
    private static List<Path> plotsBySupervisor(RunFolder folder, String ds, int layer, List<String> supervisors,
                                                List<StepSummary> summaries, TransitionReport transition,
                                                List<UnitResult> results) throws IOException {
        Path dir = folder.plots();
        String model = summaries.get(0).model();
        String file = fileName(ds);
        List<SupervisorCurve> curves = new java.util.ArrayList<>();
        for (String w : supervisors) {
            List<StepSummary> rows = summaries.stream().filter(s -> s.dataset().equals(ds) && s.layer() == layer
                    && java.util.Objects.equals(s.weak(), w)).toList();
            var dt = transition.datasets().stream()
                    .filter(d -> d.dataset().equals(ds) && java.util.Objects.equals(d.weak(), w)).findFirst();
            var fit = dt.flatMap(TransitionReport.DatasetTransition::pgr);
            double[] lnRange = dt.map(d -> d.analysis().lnTokenRange()).orElse(new double[] {0, 0});
            curves.add(new SupervisorCurve(w, rows,
                    fit.map(t -> (java.util.function.DoubleUnaryOperator) tokens -> t.curve().at(Math.log(tokens))).orElse(null),
                    fit.map(t -> PgrPlot.fitLabel(t, lnRange)).orElse(null)));
        }
        List<Path> written = new java.util.ArrayList<>();
        Path pgr = dir.resolve("pgr-" + file + ".png");
        SupervisorPgrPlot.draw(pgr, model + " on " + ds + ", layer " + layer + ": performance gap recovered per weak "
                + "supervisor", curves);
        Path acc = dir.resolve("accuracy-" + file + ".png");
        SupervisorAccuracyPlot.draw(acc, model + " on " + ds + ", layer " + layer + ": accuracy on T", curves);
        Path heat = dir.resolve("ceiling-layers-" + file + ".png");
        CeilingHeatMap.draw(heat, model + " on " + ds + ": ceiling (gold probe) accuracy per layer", summaries.stream()
                .filter(s -> s.dataset().equals(ds) && java.util.Objects.equals(s.weak(), supervisors.get(0))).toList());
        written.addAll(List.of(pgr, acc, heat));
        for (SupervisorCurve sc : curves) {
            String suffix = file + "-weak-" + String.valueOf(sc.weak()).replaceAll("[^A-Za-z0-9._=+-]", "_");
            List<UnitResult> paths = results.stream().filter(r -> r.lambdaPath() != null && r.unit().dataset().equals(ds)
                    && r.unit().layer() == layer && java.util.Objects.equals(r.unit().weak(), sc.weak())).toList();
            if (!paths.isEmpty()) {
                Path lambda = dir.resolve("lambda-" + suffix + ".png");
                LambdaPlot.draw(lambda, model + " on " + ds + ", layer " + layer + ", weak " + sc.weak()
                        + ": test accuracy vs the probes' lambda", paths);
                written.add(lambda);
            }
            if (sc.rows().stream().anyMatch(s -> s.metrics().keySet().stream().anyMatch(GeometrySummary::isGeometry))) {
                Path geo = dir.resolve("geometry-" + suffix + ".png");
                GeometryPlot.draw(geo, model + " on " + ds + ", layer " + layer + ", weak " + sc.weak()
                        + ": geometry and PGR", sc.rows());
                written.add(geo);
            }
        }
        return written;
    }
}
