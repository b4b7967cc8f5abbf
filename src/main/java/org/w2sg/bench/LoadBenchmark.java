package org.w2sg.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.w2sg.hub.WeightFormat;
import org.w2sg.model.DecoderStack;
import org.w2sg.model.ModelOptions;
import org.w2sg.model.Models;
import org.w2sg.weights.TensorStore;
import org.w2sg.weights.Weights;

/**
 * Weight loading: a whole model (every layer resident) built from its weight files into float32 arrays on the device,
 * once per weight format the folder has, with the page cache warm (one untimed load first); the median of the
 * repetitions.
 */
public final class LoadBenchmark {
    public static final double SAFETENSORS_TARGET = 1.0;
    public static final double BIN_TARGET = 0.5;

    private LoadBenchmark() {}

    /** One format's figures: the weight files' tensor bytes, median wall and CPU seconds of a load, the target. */
    public record Figure(WeightFormat format, long fileBytes, double seconds, double cpuSeconds, double target) {
        public double gbPerSecond() {
            return fileBytes / seconds / 1e9;
        }

        public boolean met() {
            return gbPerSecond() >= target;
        }
    }

    /**
     * @param missing the formats the folder does not have
     * @param loadAverage the machine's load average when the run started, with its core count: context for the figures
     */
    public record Result(Path dir, String device, int repetitions, double loadAverage, int cores, List<Figure> figures,
                         List<WeightFormat> missing) {
        public boolean allMet() {
            return figures.stream().allMatch(Figure::met);
        }
    }

    public static Result run(Path dir, String device, int repetitions) {
        double load = ProcessCpu.loadAverage();
        List<Figure> figures = new ArrayList<>();
        List<WeightFormat> missing = new ArrayList<>();
        for (WeightFormat format : new WeightFormat[] {WeightFormat.SAFETENSORS, WeightFormat.BIN}) {
            if (!hasFormat(dir, format)) {
                missing.add(format);
                continue;
            }
            figures.add(measure(dir, device, repetitions, format,
                    format == WeightFormat.SAFETENSORS ? SAFETENSORS_TARGET : BIN_TARGET));
        }
        return new Result(dir, device, repetitions, load, Runtime.getRuntime().availableProcessors(), figures, missing);
    }

    private static Figure measure(Path dir, String device, int repetitions, WeightFormat format, double target) {
        ModelOptions options = new ModelOptions(device, "float32", format);
        long bytes;
        try (TensorStore store = Weights.open(dir, format)) {
            bytes = store.storedBytes();
        }
        Models.load(dir, options).close(); // warms the page cache, the JIT and libtorch's allocator
        double[] wall = new double[repetitions];
        double[] cpu = new double[repetitions];
        for (int i = 0; i < repetitions; i++) {
            long c0 = ProcessCpu.nanos();
            long t0 = System.nanoTime();
            DecoderStack model = Models.load(dir, options);
            wall[i] = (System.nanoTime() - t0) / 1e9;
            cpu[i] = (ProcessCpu.nanos() - c0) / 1e9;
            model.close();
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        return new Figure(format, bytes, wall[repetitions / 2], cpu[repetitions / 2], target);
    }

    private static boolean hasFormat(Path dir, WeightFormat format) {
        List<String> files = format == WeightFormat.SAFETENSORS
                ? List.of(Weights.SAFETENSORS, Weights.SAFETENSORS_INDEX)
                : List.of(Weights.BIN, Weights.BIN_INDEX);
        return files.stream().anyMatch(f -> Files.isRegularFile(dir.resolve(f)));
    }
}
