package org.w2sg.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.w2sg.bench.MatmulReference;
import org.w2sg.bench.MemoryDrift;
import org.w2sg.bench.PeakMemory;
import org.w2sg.bench.PretrainBench;
import org.w2sg.errors.UserException;
import org.w2sg.model.ComputeTarget;
import org.w2sg.model.HfConfig;
import org.w2sg.model.gptneox.GptNeoXConfig;
import org.w2sg.registry.ModelAlias;
import org.w2sg.train.NeoXConfigJson;
import org.w2sg.train.TrainStep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = {"Times full pre-training steps (forward, backward, clipping, AdamW) of a freshly initialised "
                + "gpt_neox model of a registry shape on random tokens: tokens/s, useful GFLOP/s against a plain DJL "
                + "float32 matmul measured between the steps, where the time goes, and the resident memory over the "
                + "steps (flat = no per-step leak).",
                "Exits 1 when the useful rate is below --bar of the matmul rate."})
public final class BenchPretrainCommand implements Callable<Integer> {
    @Option(names = "--like", defaultValue = "pythia-14m", paramLabel = "ALIAS", description = "Registry gpt_neox shape (default: ${DEFAULT-VALUE}).")
    String like;

    @Option(names = "--hidden", paramLabel = "N", description = "Override hidden_size (intermediate 4 x hidden).")
    Integer hidden;

    @Option(names = "--batch-size", defaultValue = "16", paramLabel = "N", description = "Sequences per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seq-len", defaultValue = "128", paramLabel = "N", description = "Tokens per sequence (default: ${DEFAULT-VALUE}).")
    int seq;

    @Option(names = "--steps", defaultValue = "20", paramLabel = "N", description = "Timed steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", defaultValue = "2", paramLabel = "N", description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--head-chunk", defaultValue = "" + TrainStep.DEFAULT_HEAD_CHUNK, paramLabel = "N",
            description = "LM head rows per chunk; 0 = whole head at once (default: ${DEFAULT-VALUE}).")
    int headChunk;

    @Option(names = "--matmul-every", defaultValue = "1", paramLabel = "N",
            description = "Time the reference matmul after every N-th step (default: ${DEFAULT-VALUE}; raise it for long memory runs).")
    int matmulEvery;

    @Option(names = "--layers", paramLabel = "N", description = "Override num_hidden_layers.")
    Integer layers;

    @Option(names = "--bar", defaultValue = "0.45", paramLabel = "X", description = "Target fraction of the matmul rate (default: ${DEFAULT-VALUE}).")
    double bar;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|cuda", description = "Default: ${DEFAULT-VALUE}.")
    String device;

    @Mixin
    RegistryOption registry;

    @Override
    public Integer call() throws Exception {
        ModelAlias alias = registry.load().alias(like);
        if (!"gpt_neox".equals(alias.modelType())) throw new UserException("--like " + like + ": bench pretrain takes gpt_neox shapes");
        Map<String, Object> c = new LinkedHashMap<>(alias.config());
        if (hidden != null) {
            c.put("hidden_size", hidden);
            c.put("intermediate_size", 4 * hidden);
        }
        if (layers != null) c.put("num_hidden_layers", layers);
        if (matmulEvery < 1) throw new UserException("--matmul-every must be at least 1, got " + matmulEvery);
        GptNeoXConfig config = GptNeoXConfig.from(HfConfig.of(java.nio.file.Path.of("config.json"),
                new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(NeoXConfigJson.full(c))));
        ComputeTarget target = ComputeTarget.resolve(device, "float32");
        PretrainBench.Result r;
        try (ProgressBar progress = new ProgressBarBuilder().setTaskName("bench pretrain").setInitialMax(steps)
                .setStyle(ProgressBarStyle.ASCII).build()) {
            r = PretrainBench.run(config, batch, seq, warmup, steps, headChunk, matmulEvery, target.device(), progress::stepTo);
        }
        System.out.printf("bench pretrain: %s shape%s (%,d parameters), batch %d x %d tokens, %s, LM head %s%n", like,
                hidden != null ? " with hidden " + hidden : "", r.parameters(), batch, seq, target.device(),
                headChunk > 0 ? "in chunks of " + headChunk + " rows" : "whole");
        System.out.printf("  training : %,.0f tokens/s, %.2f s/step (median of %d), %.1f useful GFLOP/s, %.2f CPU s/step%n",
                r.tokensPerSecond(), r.secondsPerStep(), steps, r.usefulGflops(), r.cpuSecondsPerStep());
        System.out.printf("  matmul   : %.1f GFLOP/s (DJL float32 [%d,%d]x[%d,%d], one after every %d step(s), median)%n",
                r.matmulGflops(), MatmulReference.M, MatmulReference.K, MatmulReference.K, MatmulReference.N, matmulEvery);
        System.out.printf("  ratio    : %.2f of matmul (bar: >= %.2f)%n", r.ratio(), bar);
        double total = r.phases().values().stream().mapToDouble(Double::doubleValue).sum();
        System.out.println("  time per step (mean):");
        r.phases().forEach((k, v) -> System.out.printf("    %-36s %6.3f s  %4.1f%%%n", k, v, 100 * v / total));
        System.out.printf("  memory after step (MiB): RSS, Java heap committed, C heap in use, C heap freed but held; %s%n",
                PeakMemory.describe());
        for (var p : r.memory()) {
            System.out.printf("    step %6d  %6d  %6d  %6d  %6d%n", p.step(), p.rssMiB(), p.javaHeapCommittedMiB(),
                    p.cHeapInUseMiB(), p.cHeapFreeHeldMiB());
        }
        MemoryDrift d = MemoryDrift.of(r.memory());
        if (d != null) {
            System.out.printf("  drift, step %d -> %d: RSS %+d MiB, Java heap committed %+d, C heap in use %+d (range %d), "
                    + "C heap freed but held %+d%n", d.fromStep(), d.toStep(), d.rssMiB(), d.javaHeapCommittedMiB(),
                    d.cHeapInUseMiB(), d.cHeapInUseRangeMiB(), d.cHeapFreeHeldMiB());
        }
        System.out.printf("  load avg : %.2f before, %.2f after (%d CPUs)%n", r.loadBefore(), r.loadAfter(),
                Runtime.getRuntime().availableProcessors());
        if (r.ratio() < bar) {
            System.out.printf("FAILED: training reached %.2f of the matmul rate, below the bar of %.2f%n", r.ratio(), bar);
            return 1;
        }
        return 0;
    }
}
