package org.w2sg.theory;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.w2sg.errors.UserException;
import org.w2sg.run.UnitResult;
import org.w2sg.stats.Transition;

/**
 * One empirical emergence curve read from a sweep's tidy emergence.csv ({@link EmergenceCsv#HEADER}): the rows of
 * one metric for one (dataset, layer). Keeps every row as a {@link Transition.Observation} (one per step and seed,
 * undefined values included, as the sweep's own transition fit sees them) and, for plotting, one point per step with
 * the seeds' mean and mean CI bounds. Metric names are matched exactly.
 */
public record EmergenceCurve(String model, String metric, String dataset, String layer,
                             List<Transition.Observation> observations, List<Point> points) {
    /** The layer filter that keeps every layer instead of each dataset's headline layer. */
    public static final String ALL_LAYERS = "all";

    /** One step with at least one finite value and x > 0. */
    public record Point(long step, double x, double mean, int seeds, double ciLow, double ciHigh) {}

    public int seeds() {
        return points.stream().mapToInt(Point::seeds).max().orElse(0);
    }

    /** Rows the plot and the fit cannot use: an undefined value (e.g. PGR below its floor) or x <= 0 (step 0). */
    public int unusable() {
        return (int) observations.stream().filter(o -> !(o.tokens() > 0) || !Double.isFinite(o.value())).count();
    }

    /**
     * Reads the curves of {@code metric}: per dataset (all, or {@code datasetFilter}), the layer {@code layerFilter},
     * or when it is null the dataset's headline layer (the upper median of the layers present, as the sweep's
     * transition.json uses), or every layer for {@link #ALL_LAYERS}.
     *
     * @param xColumn "tokens" or "step": what the curve is plotted and fitted against (log scale)
     */
    public static List<EmergenceCurve> read(Path csv, String metric, String xColumn, String datasetFilter, String layerFilter)
            throws IOException {
        return read(csv, metric, xColumn, datasetFilter, layerFilter, null);
    }

    /** @param weakFilter rows of this weak supervisor only (null: a table of one supervisor, or of none named) */
    public static List<EmergenceCurve> read(Path csv, String metric, String xColumn, String datasetFilter, String layerFilter,
                                            String weakFilter) throws IOException {
        if (!Files.isRegularFile(csv)) {
            throw new UserException("no emergence table at " + csv + ": point --run at a sweep's run folder (it holds emergence.csv)");
        }
        if (!xColumn.equals("tokens") && !xColumn.equals("step")) {
            throw new UserException("--x must be 'tokens' or 'step', got '" + xColumn + "'");
        }
        Map<String, Map<String, List<CSVRecord>>> byDatasetLayer = new TreeMap<>();
        Set<String> metrics = new TreeSet<>();
        Set<String> datasets = new TreeSet<>();
        Set<String> allLayers = new TreeSet<>(EmergenceCurve::compareLayers);
        try (Reader r = Files.newBufferedReader(csv); CSVParser parser = CSVParser.parse(r, TidyRows.FORMAT)) {
            List<String> header = parser.getHeaderNames();
            for (String col : List.of("step", xColumn, "metric", "value")) {
                if (!header.contains(col)) {
                    throw new UserException(csv + " has no column '" + col + "' (found " + header
                            + "; expected the tidy emergence table: " + String.join(", ", UnitResult.TIDY_COLUMNS) + ")");
                }
            }
            for (CSVRecord rec : parser) {
                String m = rec.get("metric");
                metrics.add(m);
                datasets.add(TidyRows.get(rec, "dataset"));
                allLayers.add(TidyRows.get(rec, "layer"));
                if (!m.equals(metric)) continue;
                if (weakFilter != null && !weakFilter.equals(TidyRows.get(rec, "weak"))) continue;
                String dataset = TidyRows.get(rec, "dataset");
                if (datasetFilter != null && !datasetFilter.equals(dataset)) continue;
                byDatasetLayer.computeIfAbsent(dataset, k -> new TreeMap<>(EmergenceCurve::compareLayers))
                        .computeIfAbsent(TidyRows.get(rec, "layer"), k -> new ArrayList<>()).add(rec);
            }
        }
        List<EmergenceCurve> out = new ArrayList<>();
        for (var ds : byDatasetLayer.entrySet()) {
            List<String> layers = new ArrayList<>(ds.getValue().keySet());
            List<String> chosen = layerFilter == null ? List.of(layers.get(layers.size() / 2))
                    : layerFilter.equals(ALL_LAYERS) ? layers
                    : layers.contains(layerFilter) ? List.of(layerFilter) : List.of();
            for (String layer : chosen) out.add(build(csv, metric, xColumn, ds.getKey(), layer, ds.getValue().get(layer)));
        }
        if (out.isEmpty()) {
            throw new UserException("no rows with metric '" + metric + "'"
                    + (datasetFilter != null ? " and dataset '" + datasetFilter + "'" : "")
                    + (layerFilter != null && !layerFilter.equals(ALL_LAYERS) ? " and layer '" + layerFilter + "'" : "")
                    + " in " + csv + " (metrics there: " + String.join(", ", metrics) + "; datasets: "
                    + String.join(", ", datasets) + "; layers: " + String.join(", ", allLayers)
                    + "); choose with --metric, --dataset, --layer");
        }
        return out;
    }

    private static EmergenceCurve build(Path csv, String metric, String xColumn, String dataset, String layer, List<CSVRecord> rows) {
        List<Transition.Observation> obs = new ArrayList<>();
        TreeMap<Long, double[]> agg = new TreeMap<>(); // step -> {x, sum, n, sumLow, nLow, sumHigh, nHigh}
        String model = "";
        for (CSVRecord rec : rows) {
            model = TidyRows.get(rec, "model");
            long step;
            try {
                step = Long.parseLong(rec.get("step"));
            } catch (NumberFormatException e) {
                throw new UserException(csv + " record " + rec.getRecordNumber() + ": step '" + rec.get("step") + "' is not an integer");
            }
            double x = TidyRows.number(rec.get(xColumn));
            double v = TidyRows.number(rec.get("value"));
            obs.add(new Transition.Observation(step, x, v));
            if (!(x > 0) || !Double.isFinite(v)) continue; // log axis; an undefined PGR is an empty value with a flag
            double[] a = agg.computeIfAbsent(step, k -> new double[] {x, 0, 0, 0, 0, 0, 0});
            a[1] += v;
            a[2]++;
            double lo = TidyRows.number(TidyRows.get(rec, "ci_low")), hi = TidyRows.number(TidyRows.get(rec, "ci_high"));
            if (Double.isFinite(lo)) {
                a[3] += lo;
                a[4]++;
            }
            if (Double.isFinite(hi)) {
                a[5] += hi;
                a[6]++;
            }
        }
        List<Point> pts = new ArrayList<>();
        for (var e : agg.entrySet()) {
            double[] a = e.getValue();
            pts.add(new Point(e.getKey(), a[0], a[1] / a[2], (int) a[2], a[4] > 0 ? a[3] / a[4] : Double.NaN, a[6] > 0 ? a[5] / a[6] : Double.NaN));
        }
        pts.sort(Comparator.comparingDouble(Point::x));
        return new EmergenceCurve(model, metric, dataset, layer, obs, pts);
    }

    /** Numeric layers in numeric order, anything else after them in text order. */
    private static int compareLayers(String a, String b) {
        boolean na = a.matches("-?\\d+"), nb = b.matches("-?\\d+");
        if (na && nb) return Long.compare(Long.parseLong(a), Long.parseLong(b));
        if (na != nb) return na ? -1 : 1;
        return a.compareTo(b);
    }
}
