package org.w2sg.cli;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.w2sg.bench.ProcessCpu;
import org.w2sg.errors.UserException;
import org.w2sg.model.DecoderStack;
import org.w2sg.model.ModelOptions;
import org.w2sg.model.Models;
import org.w2sg.registry.ModelAlias;
import org.w2sg.registry.Registry;
import org.w2sg.weights.TensorStore;
import org.w2sg.hub.WeightFormat;
import org.w2sg.weights.Weights;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Measures weight loading: a whole model (every layer resident) built from its weight files into "
                + "float32 arrays on the device, once from model.safetensors and once from pytorch_model.bin, with the "
                + "page cache warm (one untimed load first).",
                "By default the weights are a random float16 checkpoint of a registry model's shape (written once and "
                        + "cached, with a torch.save copy beside it); --checkpoint measures a folder of your own.",
                "Prints GB/s of weight-file bytes (median of the repetitions) and exits 1 when safetensors is below "
                        + "1 GB/s or torch .bin below 0.5 GB/s."})
public final class BenchLoadCommand implements Callable<Integer> {
    static final double SAFETENSORS_TARGET = 1.0;
    static final double BIN_TARGET = 0.5;

    @Spec
    CommandSpec spec;

    @Option(names = "--like", defaultValue = "pythia-160m", paramLabel = "ALIAS",
            description = "Registry model whose shape to load (default: ${DEFAULT-VALUE}).")
    String like;

    @Option(names = "--checkpoint", paramLabel = "DIR",
            description = "Measure this checkpoint folder instead (each weight format it has).")
    Path checkpoint;

    @Option(names = "--repetitions", defaultValue = "3", description = "Timed loads per format (default: ${DEFAULT-VALUE}).")
    int repetitions;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|cuda", description = "Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the random weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--cache", paramLabel = "DIR",
            description = "Where random checkpoints are kept between runs (default: <java.io.tmpdir>/w2sg-random-checkpoints).")
    Path cache;

    @Option(names = "--registry", paramLabel = "FILE", description = "checkpoints.yaml to use (default: ./checkpoints.yaml, else the bundled one).")
    Path registry;

    /** One format's figures. */
    record Figure(WeightFormat format, long fileBytes, double seconds, double cpuSeconds, double target) {
        double gbPerSecond() {
            return fileBytes / seconds / 1e9;
        }

        boolean met() {
            return gbPerSecond() >= target;
        }
    }

    @Override
    public Integer call() throws Exception {
        if (repetitions < 1) throw new UserException("bench load: --repetitions must be at least 1");
        java.io.PrintWriter out = spec.commandLine().getOut();
        Path dir;
        String what;
        if (checkpoint != null) {
            dir = checkpoint;
            what = checkpoint.toString();
        } else {
            ModelAlias alias = Registry.load(registry).alias(like);
            dir = RandomCheckpointCache.withTorchBin(alias, cache, seed);
            what = "random float16 " + alias.name() + "-shaped checkpoint " + dir;
        }
        out.printf("bench load: %s, device %s, page cache warm, median of %d loads; load average %.1f on %d cores%n",
                what, device, repetitions, loadAverage(), Runtime.getRuntime().availableProcessors());
        boolean allMet = true;
        int measured = 0;
        for (WeightFormat format : new WeightFormat[] {WeightFormat.SAFETENSORS, WeightFormat.BIN}) {
            if (!hasFormat(dir, format)) {
                out.printf("  %-11s: none in %s%n", name(format), dir);
                continue;
            }
            Figure f = measure(dir, format, format == WeightFormat.SAFETENSORS ? SAFETENSORS_TARGET : BIN_TARGET);
            measured++;
            out.printf("  %-11s: %.2f GB/s (%,d bytes in %.3f s wall, %.3f s CPU) target >= %.1f GB/s%s%n",
                    name(format), f.gbPerSecond(), f.fileBytes(), f.seconds(), f.cpuSeconds(), f.target(),
                    f.met() ? "" : "  MISSED");
            allMet &= f.met();
        }
        out.flush();
        if (measured == 0) throw new UserException(dir + ": no model.safetensors or pytorch_model.bin (or shard index) to load");
        return allMet ? 0 : 1;
    }

    private Figure measure(Path dir, WeightFormat format, double target) {
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
        java.util.List<String> files = format == WeightFormat.SAFETENSORS
                ? java.util.List.of(Weights.SAFETENSORS, Weights.SAFETENSORS_INDEX)
                : java.util.List.of(Weights.BIN, Weights.BIN_INDEX);
        return files.stream().anyMatch(f -> java.nio.file.Files.isRegularFile(dir.resolve(f)));
    }

    private static String name(WeightFormat format) {
        return format == WeightFormat.SAFETENSORS ? "safetensors" : "torch .bin";
    }

    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
