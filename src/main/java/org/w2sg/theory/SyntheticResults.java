package org.w2sg.theory;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.w2sg.errors.UserException;
import org.w2sg.stats.LogisticCurve;
import org.w2sg.stats.LogisticFit;

/** A finished synthetic run read back from its folder: the model (summary.json) and the phase sweep (phase.csv). */
record SyntheticResults(SpikedModel model, PhaseSweep.Outcome phase) {
    static SyntheticResults read(Path dir) throws IOException {
        Path summaryFile = dir.resolve("summary.json");
        Path phaseFile = dir.resolve("phase.csv");
        for (Path f : List.of(summaryFile, phaseFile)) {
            if (!Files.isRegularFile(f)) {
                throw new UserException("--synthetic " + dir + " has no " + f.getFileName()
                        + ": point it at the --out folder of 'harness synthetic' (with the phase experiment)");
            }
        }
        JsonNode s = SyntheticSummary.read(summaryFile);
        JsonNode p = s.path("parameters");
        SpikedModel model;
        try {
            model = new SpikedModel(p.path("d").asInt(), p.path("lambda").asDouble(), p.path("eta").asDouble(),
                    HermiteLink.parse(p.path("link").asText()), p.path("sigma").asDouble(), p.path("kappa").asDouble(),
                    p.path("tau").asDouble());
        } catch (IllegalArgumentException e) {
            throw new UserException(summaryFile + ": parameters are not a valid model (" + e.getMessage() + ")", e);
        }
        List<PhaseSweep.Row> rows = new ArrayList<>();
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
        try (Reader r = Files.newBufferedReader(phaseFile); CSVParser parser = CSVParser.parse(r, format)) {
            for (String col : PhaseSweep.HEADER) {
                if (!parser.getHeaderNames().contains(col)) throw new UserException(phaseFile + " has no column '" + col + "'");
            }
            for (CSVRecord rec : parser) {
                rows.add(new PhaseSweep.Row(Integer.parseInt(rec.get("n_pre")), num(rec, "init_overlap_sim"),
                        num(rec, "init_overlap_theory"), num(rec, "weak_risk"), num(rec, "ceiling_risk"), num(rec, "w2s_risk"),
                        num(rec, "pgr"), interval(rec, "pgr_ci_low", "pgr_ci_high"), num(rec, "pgr0"),
                        interval(rec, "pgr0_ci_low", "pgr0_ci_high"), Integer.parseInt(rec.get("defined_seeds"))));
            }
        } catch (NumberFormatException e) {
            throw new UserException(phaseFile + ": not a number where one is expected (" + e.getMessage() + ")", e);
        }
        JsonNode t = s.path("transition");
        LogisticFit.Result fit = null;
        double mid = Double.NaN;
        SeedBootstrap.Interval ci = SeedBootstrap.Interval.NONE;
        double first = Double.NaN;
        if (t.isObject() && t.path("mid").isNumber()) {
            int points = t.path("points").asInt(rows.size());
            double rmse = t.path("rmse").asDouble();
            fit = new LogisticFit.Result(new LogisticCurve(t.path("bottom").asDouble(), t.path("top").asDouble(),
                    t.path("mid").asDouble(), t.path("width").asDouble()), rmse * rmse * points, points);
            mid = t.path("n_pre_mid").asDouble();
            ci = new SeedBootstrap.Interval(orNaN(t.path("ci_low")), orNaN(t.path("ci_high")),
                    t.path("bootstrap_resamples").asInt(), t.path("bootstrap_failed_fits").asInt());
            first = orNaN(t.path("first_n_pre_pgr0_ci_above_zero"));
        }
        return new SyntheticResults(model, new PhaseSweep.Outcome(rows, new PhaseSweep.Transition(fit, mid, ci, first, t.path("flags").asText(""))));
    }

    private static double num(CSVRecord rec, String col) {
        String v = rec.get(col);
        return v.isEmpty() ? Double.NaN : Double.parseDouble(v);
    }

    private static SeedBootstrap.Interval interval(CSVRecord rec, String lo, String hi) {
        return new SeedBootstrap.Interval(num(rec, lo), num(rec, hi), 0, 0);
    }

    private static double orNaN(JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }
}
