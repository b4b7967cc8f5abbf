package org.w2sg.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.w2sg.io.AtomicFiles;

/**
 * train_log.csv (one row per update: step, tokens, loss, val_loss, lr, grad_norm, tokens_per_s, rss_mib: the
 * process's resident set after the update, so a long run's memory can be read off its log) and plots/loss.png.
 * Rows are kept in memory and the file rewritten whole (atomically) when the state is saved, so the log on disk
 * always ends at a resumable step.
 */
public final class TrainLog {
    public static final String HEADER = "step,tokens,loss,val_loss,lr,grad_norm,tokens_per_s,rss_mib";

    public record Row(long step, long tokens, double loss, double valLoss, double lr, double gradNorm, double tokensPerSecond,
                      long rssMiB) {
        String csv() {
            return String.format(Locale.ROOT, "%d,%d,%.6f,%s,%.6g,%.6g,%.1f,%s", step, tokens, loss,
                    Double.isNaN(valLoss) ? "" : String.format(Locale.ROOT, "%.6f", valLoss), lr, gradNorm, tokensPerSecond,
                    rssMiB < 0 ? "" : Long.toString(rssMiB));
        }
    }

    private final Path file;
    private final List<String> lines = new ArrayList<>();
    private final List<double[]> points = new ArrayList<>();

    /** Opens the log of {@code runDir}, keeping only rows up to {@code lastStep} (what the saved state covers). */
    public TrainLog(Path runDir, long lastStep) throws IOException {
        this.file = runDir.resolve("train_log.csv");
        if (Files.isRegularFile(file)) {
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank() || line.startsWith("step")) continue;
                String[] f = line.split(",", -1);
                if (Long.parseLong(f[0]) > lastStep) break;
                // a log begun before rss_mib was recorded: its rows get an empty cell, so the file stays rectangular
                lines.add(f.length == HEADER.split(",").length - 1 ? line + "," : line);
                points.add(new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                        f[3].isEmpty() ? Double.NaN : Double.parseDouble(f[3])});
            }
        }
    }

    public void add(Row row) {
        lines.add(row.csv());
        points.add(new double[] {row.tokens(), row.loss(), row.valLoss()});
    }

    public void write() throws IOException {
        AtomicFiles.writeString(file, HEADER + "\n" + String.join("\n", lines) + (lines.isEmpty() ? "" : "\n"));
    }

    public void plot(Path png, String title) throws IOException {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        List<Double> vx = new ArrayList<>();
        List<Double> vy = new ArrayList<>();
        for (double[] p : points) {
            if (p[0] <= 0) continue;
            x.add(p[0]);
            y.add(p[1]);
            if (!Double.isNaN(p[2])) {
                vx.add(p[0]);
                vy.add(p[2]);
            }
        }
        if (x.isEmpty()) return;
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle("tokens seen (log)")
                .yAxisTitle("cross-entropy (nats/token)").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.addSeries("train loss", x, y).setMarker(SeriesMarkers.NONE);
        if (!vx.isEmpty()) chart.addSeries("validation loss", vx, vy).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        org.w2sg.chart.TokenAxis.readable(chart); // "1B", not "1E9"
        AtomicFiles.writeBytes(png, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    }
}
