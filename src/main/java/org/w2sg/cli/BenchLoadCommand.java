package org.w2sg.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.w2sg.bench.LoadBenchmark;
import org.w2sg.errors.UserException;
import org.w2sg.hub.WeightFormat;
import org.w2sg.registry.ModelAlias;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
    @Mixin
    RandomModelOptions shape = new RandomModelOptions("pythia-160m");

    @Spec
    CommandSpec spec;

    @Option(names = "--checkpoint", paramLabel = "DIR",
            description = "Measure this checkpoint folder instead (each weight format it has).")
    Path checkpoint;

    @Option(names = "--repetitions", defaultValue = "3", description = "Timed loads per format (default: ${DEFAULT-VALUE}).")
    int repetitions;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|cuda", description = "Default: ${DEFAULT-VALUE}.")
    String device;

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
            ModelAlias alias = shape.alias();
            dir = RandomCheckpointCache.withTorchBin(alias, shape.cache, shape.seed);
            what = "random float16 " + alias.name() + "-shaped checkpoint " + dir;
        }
        LoadBenchmark.Result r = LoadBenchmark.run(dir, device, repetitions);
        if (r.figures().isEmpty()) throw new UserException(dir + ": no model.safetensors or pytorch_model.bin (or shard index) to load");
        print(out, what, r);
        return r.allMet() ? 0 : 1;
    }

    static void print(java.io.PrintWriter out, String what, LoadBenchmark.Result r) {
        out.printf("bench load: %s, device %s, page cache warm, median of %d loads; load average %.1f on %d cores%n",
                what, r.device(), r.repetitions(), r.loadAverage(), r.cores());
        for (WeightFormat format : r.missing()) out.printf("  %-11s: none in %s%n", name(format), r.dir());
        for (LoadBenchmark.Figure f : r.figures()) {
            out.printf("  %-11s: %.2f GB/s (%,d bytes in %.3f s wall, %.3f s CPU) target >= %.1f GB/s%s%n",
                    name(f.format()), f.gbPerSecond(), f.fileBytes(), f.seconds(), f.cpuSeconds(), f.target(),
                    f.met() ? "" : "  MISSED");
        }
        out.flush();
    }

    private static String name(WeightFormat format) {
        return format == WeightFormat.SAFETENSORS ? "safetensors" : "torch .bin";
    }

}
