package org.w2sg.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w2sg.data.DataDownloader;
import org.w2sg.data.DatasetCards;
import org.w2sg.data.DatasetLoader;
import org.w2sg.data.SplitSizes;
import org.w2sg.errors.UserException;
import org.w2sg.extract.ExtractOptions;
import org.w2sg.geometry.GeometryOptions;
import org.w2sg.extract.LayerSelection;
import org.w2sg.extract.Pooling;
import org.w2sg.hub.HubClient;
import org.w2sg.hub.HubSettings;
import org.w2sg.io.SharedDir;
import org.w2sg.model.ModelOptions;
import org.w2sg.probe.BootstrapOptions;
import org.w2sg.probe.LabelKind;
import org.w2sg.probe.ProbeOptions;
import org.w2sg.registry.Registry;
import org.w2sg.registry.StepSelector;
import org.w2sg.report.Exporter;
import org.w2sg.run.Shard;
import org.w2sg.sweep.Sweep;
import org.w2sg.sweep.SweepConfig;
import org.w2sg.sweep.WeakSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * The sweep's options, shared by {@code harness --model M} and {@code harness sweep --model M}, and the wiring that
 * turns them into a run: every option is checked before the output folder is touched.
 */
public class SweepOptions {
    @Option(names = "--model", paramLabel = "MODEL",
            description = "Strong model: an alias from checkpoints.yaml (e.g. pythia-410m; see 'harness checkpoints'), "
                    + "ORG/NAME on the Hub, or a local folder whose sub-folders are checkpoints (step1000/, ...).")
    public String model;

    @Mixin
    RegistryOption registry = new RegistryOption();

    @Option(names = "--datasets", split = ",", paramLabel = "NAME", defaultValue = "sst2",
            description = "Datasets (built-in card names or card files), comma-separated; built in: sst2, boolq, "
                    + "cosmos_qa, anthropic_hh, ethics_* (default: ${DEFAULT-VALUE}).")
    List<String> datasets;

    @Option(names = "--steps", paramLabel = "SPEC", defaultValue = "log:16",
            description = "Revisions: log:N (N log-spaced, first and last included), START:END:STRIDE, a list "
                    + "step1000,step2000, or all (default: ${DEFAULT-VALUE}).")
    String steps;

    @Option(names = "--layers", paramLabel = "mid|all|i,j", defaultValue = "mid",
            description = "Hidden states to probe: mid = (L+1)//2, all = 0..L, or a list (default: ${DEFAULT-VALUE}).")
    String layers;

    @Option(names = "--seeds", split = ",", paramLabel = "S", defaultValue = "0,1,2",
            description = "Split seeds; each draws its own A, B and T (default: ${DEFAULT-VALUE}).")
    List<Integer> seeds;

    @Option(names = {"--n-weak", "--weak-train-size"}, paramLabel = "N", description = "Size of A, where the weak supervisor "
            + "learns (default: ${DEFAULT-VALUE}).")
    int weakTrainSize = SplitSizes.DEFAULT.weakTrain();

    @Option(names = {"--n-transfer", "--transfer-size"}, paramLabel = "N", description = "Size of B, where the strong probes learn "
            + "(default: ${DEFAULT-VALUE}).")
    int transferSize = SplitSizes.DEFAULT.transfer();

    @Option(names = {"--n-test", "--test-size"}, paramLabel = "N", description = "Size of T, where everything is scored "
            + "(default: ${DEFAULT-VALUE}).")
    int testSize = SplitSizes.DEFAULT.test();

    @Option(names = "--max-examples", paramLabel = "N",
            description = "Quick runs: at most N examples per seed, split 40/40/20 (overrides --n-weak/--n-transfer/"
                    + "--n-test).")
    Integer maxExamples;

    @Option(names = "--weak", paramLabel = "SPEC[,SPEC...]",
            description = "Weak supervisor(s), several separated by ',' (one unit, curve and transition each; adding "
                    + "one to a finished run folder runs only its units): MODEL[@REVISION][:LAYER] (a gold probe on that checkpoint's features of A, "
                    + "e.g. pythia-160m@step143000:6), noisy-gold:P (gold labels flipped with probability P, "
                    + "independently of the input) or structured-noise:P (gold labels flipped on the share P of the "
                    + "longest texts of B and of T: errors that are a function of the input, error rate P on both). "
                    + "Default: the model's weak supervisor in checkpoints.yaml (pythia-70m@step143000, middle layer).")
    String weak;

    @Option(names = "--weak-labels", paramLabel = "soft|hard", defaultValue = "soft",
            description = "Train the w2s probe on the supervisor's probabilities (soft) or on p > 0.5 (hard) "
                    + "(default: ${DEFAULT-VALUE}).")
    String weakLabels;

    @Option(names = "--pooling", paramLabel = "last|mean", defaultValue = "last",
            description = "One vector per example: the last real token's state or the mean over tokens "
                    + "(default: ${DEFAULT-VALUE}).")
    String pooling;

    @Option(names = {"--max-length", "--max-tokens"}, paramLabel = "N", defaultValue = "512",
            description = "Truncate each example to N tokens (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--cv", paramLabel = "K", defaultValue = "5",
            description = "Folds of the cross-validation that picks the probes' L2 strength (default: ${DEFAULT-VALUE}).")
    int cvFolds;

    @Option(names = "--lambdas", split = ",", paramLabel = "L",
            description = "L2 strengths the cross-validation tries (default: 0.1,1,10,100,1000,10000).")
    List<Double> lambdas;

    @Option(names = "--bootstrap", paramLabel = "R", defaultValue = "1000",
            description = "Paired bootstrap resamples over T (default: ${DEFAULT-VALUE}).")
    int bootstrap;

    @Option(names = "--pgr-floor", paramLabel = "G", defaultValue = "0.02",
            description = "PGR is left empty (and flagged) when ceiling - weak accuracy is below G "
                    + "(default: ${DEFAULT-VALUE}).")
    double pgrFloor;

    @Option(names = "--device", paramLabel = "auto|cpu|cuda[:N]", defaultValue = "auto",
            description = "Where forward passes run (default: ${DEFAULT-VALUE}: a CUDA GPU if libtorch sees one).")
    String device;

    @Option(names = "--batch-tokens", paramLabel = "N", defaultValue = "8192",
            description = "Tokens per forward batch (default: ${DEFAULT-VALUE}).")
    int batchTokens;

    @Option(names = "--max-memory", paramLabel = "SIZE",
            description = "Memory budget for weights and activations, e.g. 2g: larger checkpoints run one layer at a "
                    + "time (see harness extract --max-memory) (default: no limit).")
    String maxMemory;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: results/<model>/).")
    Path out;

    @Option(names = "--store", paramLabel = "DIR", description = "Activation store (default: DIR/activations of "
            + "--out); point several runs of the same model at one store to extract each checkpoint once.")
    Path store;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where dataset files are found (default: the shared folder's data/, W2SG_SHARED).")
    Path dataDir;

    @Option(names = "--shard", paramLabel = "I/N",
            description = "Run only the I-th of N slices of the revisions (1 <= I <= N), e.g. in a Slurm job array; "
                    + "then 'harness export --out DIR' merges the shards.")
    String shard;

    @Option(names = "--tokens-per-step", paramLabel = "N", defaultValue = "0",
            description = "For a local folder whose revision names do not say the tokens seen (step1000, "
                    + "checkpoint-1000): tokens per optimizer step, e.g. 2097152 for Pythia. Required there.")
    long tokensPerStep;

    @Option(names = "--keep-weights", description = "Keep downloaded checkpoint files after their activations are "
            + "stored (default: delete them to save disk).")
    boolean keepWeights;

    @Option(names = "--geometry-k", split = ",", paramLabel = "K", defaultValue = "1,4,16,64",
            description = "Top-PC span sizes of the geometry metrics each unit adds (see 'harness geometry'; "
                    + "default: ${DEFAULT-VALUE}).")
    int[] geometryKs;

    @Option(names = "--no-geometry", description = "Leave the geometry metrics (geo_*) out of the units.")
    boolean noGeometry;

    @Option(names = "--no-progress", description = "No progress bars (for logs).")
    boolean noProgress;

    /** The Hub and its cache; null = from the environment. Tests point it at a loopback server. */
    HubSettings hubSettings;

    /** The run: check every option, then sweep; the sweep exports when the whole plan is done. */
    public int run(CommandLine.ParseResult parsed) throws Exception {
        PrintStream log = System.out;
        Sweep.run(config(parsed), log, folder -> Exporter.export(folder, log));
        return 0;
    }

    /** The options as a checked {@link SweepConfig}; a bad value fails here, before any folder is made. */
    SweepConfig config(CommandLine.ParseResult parsed) throws IOException {
        Shard part = Shard.parse(shard);
        LayerSelection layerSelection = LayerSelection.of(layers);
        SplitSizes sizes = maxExamples != null ? SplitSizes.ofTotal(maxExamples)
                : new SplitSizes(weakTrainSize, transferSize, testSize);
        LabelKind labelKind = LabelKind.parse(weakLabels);
        Pooling pool = Pooling.parse(pooling);
        if (seeds == null || seeds.isEmpty()) throw new UserException("--seeds is empty: give e.g. --seeds 0,1,2");
        if (seeds.stream().distinct().count() != seeds.size()) {
            throw new UserException("--seeds " + seeds + " repeats a seed: give distinct seeds, e.g. --seeds 0,1,2");
        }
        if (maxTokens < 1) throw new UserException("--max-length must be at least 1, got " + maxTokens);
        ModelLoadOptions.checkDevice(device, "float32"); // --device cuda without a GPU: before the folder is made
        if (tokensPerStep < 0) {
            throw new UserException("--tokens-per-step must be positive (tokens per optimizer step: batch size x "
                    + "sequence length, e.g. 2097152 for Pythia), got " + tokensPerStep);
        }
        ProbeOptions probe = ProbeOptions.defaults().withFolds(cvFolds);
        if (lambdas != null && !lambdas.isEmpty()) probe = probe.withLambdas(lambdas.stream().mapToDouble(d -> d).toArray());
        BootstrapOptions boot = BootstrapOptions.defaults().withResamples(bootstrap).withPgrFloor(pgrFloor);
        List<WeakSpec> weakSpec = weak == null ? List.of() : WeakSpec.parseAll(weak);
        for (String d : datasets) DatasetCards.load(d); // an unknown name fails here, listing the known ones
        StepSelector stepSelector = StepSelector.parse(steps);
        Registry reg = registry.load();
        HubSettings hub = hubSettings != null ? hubSettings : HubSettings.fromEnvironment();
        DatasetLoader data = new DatasetLoader(dataDir != null ? dataDir : SharedDir.data(),
                new DataDownloader(new HubClient(hub)));
        ModelOptions modelOptions = new ModelOptions(device, "float32", null)
                .withMaxMemory(maxMemory == null ? 0 : ModelOptions.parseSize(maxMemory));
        ExtractOptions extraction = ExtractOptions.DEFAULT.withBatchTokens(batchTokens).withMaxLength(maxTokens)
                .withProgress(!noProgress);
        return new SweepConfig(model, reg, hub, datasets, data, stepSelector, layerSelection, seeds, sizes, weakSpec,
                labelKind, pool, probe, boot, modelOptions, extraction, out, store, part, tokensPerStep, keepWeights,
                !noProgress, invocation(parsed), geometry(probe));
    }

    private GeometryOptions geometry(ProbeOptions probe) {
        if (noGeometry) return null;
        try {
            return GeometryOptions.defaults().withKs(geometryKs).withProbe(probe);
        } catch (IllegalArgumentException e) {
            throw new UserException("--geometry-k " + java.util.Arrays.toString(geometryKs) + ": " + e.getMessage());
        }
    }

    /**
     * How this process was started, for run.json: the arguments as given and the value of every option the command
     * line set (picocli's parse result: the record cannot drift from the options).
     */
    static Map<String, Object> invocation(CommandLine.ParseResult parsed) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (parsed == null) return m;
        CommandLine.ParseResult leaf = parsed;
        while (leaf.hasSubcommand()) leaf = leaf.subcommand();
        m.put("args", leaf.originalArgs());
        Map<String, Object> options = new LinkedHashMap<>();
        for (CommandLine.Model.OptionSpec o : leaf.matchedOptions()) {
            Object v = o.getValue();
            options.put(o.longestName().replaceFirst("^-+", ""), v == null || v instanceof Number || v instanceof Boolean
                    || v instanceof List<?> ? v : v.toString());
        }
        m.put("options", options);
        return m;
    }
}
