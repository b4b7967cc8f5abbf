package org.w2sg.theory;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.w2sg.stats.SeedCurves;

/**
 * The steps x seeds grid of one dataset and layer read back from emergence.csv, for one metric family ("acc" or
 * "auc": weak, ceiling, w2s and gain), so {@code report} runs the same {@link org.w2sg.stats.EmergenceAnalysis} as the
 * sweep's summary.csv and transition.json. A unit's test-set standard error is its 95% interval's half-width / 1.96.
 * For accuracy, the units' per-row test correctness comes from the run folder's ledger beside the table (when every
 * unit of the grid recorded it for the same test rows), as the sweep's own outputs use it.
 */
final class RunGrid {
    private RunGrid() {}

    /** Empty when the table lacks any of the family's weak, ceiling or w2s rows for this dataset and layer. */
    static Optional<SeedCurves> read(Path csv, String family, String dataset, String layer) throws IOException {
        return read(csv, family, dataset, layer, null);
    }

    /** @param weak rows of this weak supervisor only (null: every row) */
    static Optional<SeedCurves> read(Path csv, String family, String dataset, String layer, String weak) throws IOException {
        String[] names = {"weak_" + family, "ceiling_" + family, "w2s_" + family, "gain_" + family};
        TreeMap<Long, double[]> tokens = new TreeMap<>();
        TreeSet<Integer> seeds = new TreeSet<>();
        List<CSVRecord> rows = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(csv); CSVParser parser = CSVParser.parse(r, TidyRows.FORMAT)) {
            if (!parser.getHeaderNames().containsAll(List.of("step", "tokens", "seed", "metric", "value"))) return Optional.empty();
            for (CSVRecord rec : parser) {
                if (!dataset.equals(TidyRows.get(rec, "dataset")) || !layer.equals(TidyRows.get(rec, "layer"))) continue;
                if (weak != null && !weak.equals(TidyRows.get(rec, "weak"))) continue;
                if (!Arrays.asList(names).contains(rec.get("metric"))) continue;
                long step;
                int seed;
                try {
                    step = Long.parseLong(rec.get("step"));
                    seed = Integer.parseInt(rec.get("seed"));
                } catch (NumberFormatException e) {
                    continue;
                }
                tokens.putIfAbsent(step, new double[] {TidyRows.number(rec.get("tokens"))});
                seeds.add(seed);
                rows.add(rec);
            }
        }
        if (tokens.isEmpty()) return Optional.empty();
        List<Long> stepList = new ArrayList<>(tokens.keySet());
        List<Integer> seedList = new ArrayList<>(seeds);
        int m = stepList.size(), s = seedList.size();
        double[][][] v = new double[4][m][s], se = new double[4][m][s];
        for (double[][] a : v) for (double[] row : a) Arrays.fill(row, Double.NaN);
        for (double[][] a : se) for (double[] row : a) Arrays.fill(row, Double.NaN);
        boolean[] seen = new boolean[3];
        for (CSVRecord rec : rows) {
            int k = Arrays.asList(names).indexOf(rec.get("metric"));
            int i = stepList.indexOf(Long.parseLong(rec.get("step")));
            int j = seedList.indexOf(Integer.parseInt(rec.get("seed")));
            v[k][i][j] = TidyRows.number(rec.get("value"));
            double lo = TidyRows.number(TidyRows.get(rec, "ci_low")), hi = TidyRows.number(TidyRows.get(rec, "ci_high"));
            se[k][i][j] = (hi - lo) / (2 * 1.959963984540054);
            if (k < 3) seen[k] = true;
        }
        if (!(seen[0] && seen[1] && seen[2])) return Optional.empty();
        long[] steps = stepList.stream().mapToLong(Long::longValue).toArray();
        double[] tok = stepList.stream().mapToDouble(x -> tokens.get(x)[0]).toArray();
        boolean[][][][] testRows = family.equals("acc")
                ? testRows(csv.toAbsolutePath().getParent(), dataset, layer, weak, stepList, seedList, v) : null;
        return Optional.of(new SeedCurves(steps, tok, v[0], v[1], v[2], se[0], se[1], se[2], se[3], testRows));
    }

    /** The grid's per-row test correctness from the ledger, or null unless every unit with scores has it for one T. */
    private static boolean[][][][] testRows(Path runDir, String dataset, String layer, String weak, List<Long> steps,
                                            List<Integer> seeds, double[][][] v) {
        if (runDir == null || !Files.isDirectory(org.w2sg.run.Ledger.directory(runDir))) return null;
        boolean[][][][] out = new boolean[3][steps.size()][seeds.size()][];
        String ids = null;
        for (var r : org.w2sg.run.Ledger.readAll(runDir)) {
            var u = r.unit();
            if (!u.dataset().equals(dataset) || !Integer.toString(u.layer()).equals(layer)) continue;
            if (weak != null && u.weak() != null && !weak.equals(u.weak())) continue;
            int i = steps.indexOf(u.step()), j = seeds.indexOf(u.seed());
            if (i < 0 || j < 0 || r.testRows() == null) continue;
            if (ids != null && !ids.equals(r.testRows().ids())) return null;
            ids = r.testRows().ids();
            for (int k = 0; k < 3; k++) out[k][i][j] = r.testRows().correct(k);
        }
        for (int i = 0; i < steps.size(); i++) {
            for (int j = 0; j < seeds.size(); j++) {
                boolean scored = Double.isFinite(v[0][i][j]) && Double.isFinite(v[1][i][j]) && Double.isFinite(v[2][i][j]);
                if (scored && out[0][i][j] == null) return null;
            }
        }
        return out;
    }
}
