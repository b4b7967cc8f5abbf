package org.w2sg.theory;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * One empirical emergence curve read from a sweep's tidy emergence.csv (columns model, revision, step, tokens,
 * dataset, layer, seed, metric, value, ci_low, ci_high, flags): the rows of one metric for one (dataset, layer),
 * one point per step with the value of every seed. Metric names are matched exactly.
 */
public record EmergenceCurve(String model, String metric, String dataset, String layer, List<Point> points, int leftOut) {
    static final List<String> REQUIRED = List.of("step", "metric", "value");

    /** One step: its x (tokens or step), the finite value of each seed that has one, and the mean CI bounds. */
    public record Point(long step, double x, Map<String, Double> bySeed, double ciLow, double ciHigh) {
        public double mean() {
            return bySeed.values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }
    }

    public int seeds() {
        Set<String> s = new TreeSet<>();
        for (Point p : points) s.addAll(p.bySeed().keySet());
        return s.size();
    }

    /**
     * Reads every (dataset, layer) curve of {@code metric}, optionally filtered.
     *
     * @param xColumn "tokens" or "step": what the curve is plotted and fitted against (log scale; x <= 0 left out)
     */
    public static List<EmergenceCurve> read(Path csv, String metric, String xColumn, String datasetFilter, String layerFilter)
            throws IOException {
        if (!Files.isRegularFile(csv)) {
            throw new IllegalArgumentException("no emergence table at " + csv + ": point --run at a sweep's run folder (it holds emergence.csv)");
        }
        if (!xColumn.equals("tokens") && !xColumn.equals("step")) {
            throw new IllegalArgumentException("--x must be 'tokens' or 'step', got '" + xColumn + "'");
        }
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get();
        Map<String, Builder> curves = new LinkedHashMap<>();
        Set<String> metrics = new TreeSet<>();
        try (Reader r = Files.newBufferedReader(csv); CSVParser parser = CSVParser.parse(r, format)) {
            List<String> header = parser.getHeaderNames();
            List<String> needed = new ArrayList<>(REQUIRED);
            needed.add(xColumn);
            for (String col : needed) {
                if (!header.contains(col)) {
                    throw new IllegalArgumentException(csv + " has no column '" + col + "' (found " + header
                            + "; expected the tidy emergence table: model, revision, step, tokens, dataset, layer, seed, metric, value, ci_low, ci_high, flags)");
                }
            }
            for (CSVRecord rec : parser) {
                String m = rec.get("metric");
                metrics.add(m);
                if (!m.equals(metric)) continue;
                String dataset = get(rec, "dataset");
                String layer = get(rec, "layer");
                if (datasetFilter != null && !datasetFilter.equals(dataset)) continue;
                if (layerFilter != null && !layerFilter.equals(layer)) continue;
                Builder b = curves.computeIfAbsent(dataset + "\u0000" + layer, k -> new Builder(get(rec, "model"), dataset, layer));
                b.add(rec, xColumn, csv);
            }
        }
        if (curves.isEmpty()) {
            throw new IllegalArgumentException("no rows with metric '" + metric + "'"
                    + (datasetFilter != null ? " and dataset '" + datasetFilter + "'" : "")
                    + (layerFilter != null ? " and layer '" + layerFilter + "'" : "")
                    + " in " + csv + " (metrics there: " + String.join(", ", metrics) + "); choose one with --metric");
        }
        List<EmergenceCurve> out = new ArrayList<>();
        for (Builder b : curves.values()) out.add(b.build(metric));
        return out;
    }

    private static String get(CSVRecord rec, String column) {
        return rec.isMapped(column) ? rec.get(column) : "";
    }

    private static double parse(String s) {
        if (s == null || s.isEmpty()) return Double.NaN;
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static final class Builder {
        final String model, dataset, layer;
        final TreeMap<Long, double[]> meta = new TreeMap<>(); // step -> {x, sumLow, nLow, sumHigh, nHigh}
        final TreeMap<Long, Map<String, Double>> values = new TreeMap<>();
        int leftOut;

        Builder(String model, String dataset, String layer) {
            this.model = model;
            this.dataset = dataset;
            this.layer = layer;
        }

        void add(CSVRecord rec, String xColumn, Path csv) {
            long step;
            try {
                step = Long.parseLong(rec.get("step"));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(csv + " line " + rec.getRecordNumber() + ": step '" + rec.get("step") + "' is not an integer");
            }
            double x = parse(rec.get(xColumn));
            double v = parse(rec.get("value"));
            if (!(x > 0) || !Double.isFinite(v)) { // log axis; an undefined PGR is an empty value with a flag
                leftOut++;
                return;
            }
            double[] m = meta.computeIfAbsent(step, k -> new double[] {x, 0, 0, 0, 0});
            double lo = parse(get(rec, "ci_low")), hi = parse(get(rec, "ci_high"));
            if (Double.isFinite(lo)) {
                m[1] += lo;
                m[2]++;
            }
            if (Double.isFinite(hi)) {
                m[3] += hi;
                m[4]++;
            }
            values.computeIfAbsent(step, k -> new TreeMap<>()).merge(get(rec, "seed"), v, (a, b) -> b);
        }

        EmergenceCurve build(String metric) {
            List<Point> pts = new ArrayList<>();
            for (var e : meta.entrySet()) {
                double[] m = e.getValue();
                pts.add(new Point(e.getKey(), m[0], values.get(e.getKey()), m[2] > 0 ? m[1] / m[2] : Double.NaN,
                        m[4] > 0 ? m[3] / m[4] : Double.NaN));
            }
            pts.sort(java.util.Comparator.comparingDouble(Point::x));
            return new EmergenceCurve(model, metric, dataset, layer, pts, leftOut);
        }
    }
}
