package org.w2sg.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.w2sg.errors.UserException;
import org.w2sg.io.SharedDir;
import org.w2sg.registry.ModelAlias;
import org.w2sg.train.NeoXConfigJson;
import org.w2sg.train.PretrainSettings;
import org.w2sg.train.SaveSchedule;
import org.w2sg.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "pretrain", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Pre-trains a GPT-NeoX model (gpt_neox only: Pythia's architecture) from scratch on text and "
                + "writes Pythia-like checkpoints runs/NAME/stepN/ (Hugging Face folders the sweep, forward and "
                + "extract read; the tokens seen are recorded, so 'harness sweep --model runs/NAME' needs no "
                + "--tokens-per-step).",
                "AdamW (betas 0.9/0.95, no decay on biases and norms), linear warmup then cosine decay, global-norm "
                + "clipping, float32. Kill it at any moment and rerun the same command: it resumes exactly; a "
                + "larger --steps extends a finished run.",
                "Also writes train_log.csv, plots/loss.png and run.json."})
public final class PretrainCommand implements Callable<Integer> {
    @Option(names = "--like", required = true, paramLabel = "ALIAS",
            description = "Registry gpt_neox model whose shape to train, e.g. pythia-14m; see the overrides below.")
    String like;

    @Option(names = "--hidden", paramLabel = "N", description = "Override hidden_size.")
    Integer hidden;

    @Option(names = "--layers", paramLabel = "N", description = "Override num_hidden_layers.")
    Integer layers;

    @Option(names = "--heads", paramLabel = "N", description = "Override num_attention_heads.")
    Integer heads;

    @Option(names = "--intermediate", paramLabel = "N",
            description = "Override intermediate_size (default with --hidden: 4 x hidden).")
    Integer intermediate;

    @Option(names = "--corpus", required = true, paramLabel = "SPEC",
            description = "Comma-separated sources: dataset cards (their train pool's text only, never the test file), "
                    + ".txt files (a document per line, or per paragraph when blank lines separate them), .jsonl or "
                    + ".jsonl.gz files (field 'text'); weights as sst2:0.5,my.txt:0.5 (default: by size).")
    String corpus;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Run folder, e.g. runs/strong.")
    Path out;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where dataset files are found (default: the shared folder's data/, W2SG_SHARED).")
    Path dataDir;

    @Option(names = "--tokenizer", paramLabel = "FILE",
            description = "tokenizer.json to use (default: the registry's shared copy of the model's tokenizer).")
    Path tokenizer;

    @Option(names = "--token-cache", paramLabel = "DIR",
            description = "Where tokenized corpora are cached (default: .token-cache beside --out).")
    Path tokenCache;

    @Option(names = "--seq-len", defaultValue = "128", paramLabel = "N", description = "Tokens per sequence (default: ${DEFAULT-VALUE}).")
    int seqLen;

    @Option(names = "--batch-size", defaultValue = "16", paramLabel = "N", description = "Sequences per step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--steps", defaultValue = "1000", paramLabel = "N", description = "Optimizer steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--lr", defaultValue = "1e-3", paramLabel = "X", description = "Peak learning rate (default: ${DEFAULT-VALUE}, Pythia-14m's).")
    double lr;

    @Option(names = "--warmup", paramLabel = "N", description = "Warmup steps (default: 1%% of --steps, as Pythia).")
    Integer warmup;

    @Option(names = "--min-lr", paramLabel = "X", description = "Learning rate at the end of the cosine (default: 0.1 x --lr).")
    Double minLr;

    @Option(names = "--weight-decay", defaultValue = "0.1", paramLabel = "X", description = "Decoupled weight decay (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--clip", defaultValue = "1.0", paramLabel = "X", description = "Global gradient-norm clip, 0 = none (default: ${DEFAULT-VALUE}).")
    double clip;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the initialisation and the data order (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|cuda", description = "Where to train (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--save", defaultValue = "pythia", paramLabel = "SPEC",
            description = "Checkpoint steps: pythia (0, 1, 2, 4 ... 512, then 20 evenly spaced to the last), log:N, "
                    + "every:K, or a list 0,10,100 (default: ${DEFAULT-VALUE}). The last step is always saved.")
    String save;

    @Option(names = "--eval-every", defaultValue = "0", paramLabel = "N",
            description = "Validation loss every N steps (default: at each checkpoint).")
    int evalEvery;

    @Option(names = "--state-every", defaultValue = "50", paramLabel = "N",
            description = "Save the resumable state every N steps, besides each checkpoint (default: ${DEFAULT-VALUE}).")
    int stateEvery;

    @Option(names = "--no-progress", description = "No progress bar (for logs).")
    boolean noProgress;

    @Mixin
    RegistryOption registry;

    @Override
    public Integer call() throws Exception {
        Trainer.Outcome outcome = Trainer.run(settings(), System.out);
        if (outcome.complete()) {
            System.out.printf("done: %s trained to step %d (last loss %.4f, validation loss %.4f); %d checkpoints "
                            + "(%s/stepN), train_log.csv, plots/loss.png, run.json%n"
                            + "next: harness sweep --model %s --datasets sst2%n", out, outcome.updates(), outcome.loss(),
                    outcome.validationLoss(), outcome.saved().size(), out, out);
        }
        return 0;
    }

    PretrainSettings settings() throws java.io.IOException {
        ModelAlias alias;
        try {
            alias = registry.load().alias(like);
        } catch (IllegalArgumentException e) {
            throw new UserException("--like: " + e.getMessage(), e);
        }
        if (!"gpt_neox".equals(alias.modelType())) {
            throw new UserException("--like " + like + " is a " + alias.modelType() + " model; pretrain trains gpt_neox "
                    + "(Pythia-shaped) models only, e.g. --like pythia-14m");
        }
        Map<String, Object> config = new LinkedHashMap<>(alias.config());
        if (hidden != null) {
            config.put("hidden_size", hidden);
            if (intermediate == null) config.put("intermediate_size", 4 * hidden);
        }
        if (layers != null) config.put("num_hidden_layers", layers);
        if (heads != null) config.put("num_attention_heads", heads);
        if (intermediate != null) config.put("intermediate_size", intermediate);
        for (String f : new String[] {"hidden_size", "num_hidden_layers", "num_attention_heads", "intermediate_size"}) {
            if (!(config.get(f) instanceof Number n) || n.intValue() < 1) {
                throw new UserException("model shape: " + f + " must be a positive integer, got " + config.get(f));
            }
        }
        Path tok = tokenizer != null ? tokenizer : alias.tokenizer().sharedPath();
        if (tok == null) throw new UserException("--like " + like + " names no shared tokenizer: give --tokenizer PATH");
        Path cache = tokenCache != null ? tokenCache
                : out.toAbsolutePath().normalize().getParent().resolve(".token-cache");
        return new PretrainSettings(NeoXConfigJson.full(config), corpus, dataDir != null ? dataDir : SharedDir.data(), tok,
                cache, out, seqLen, batchSize, steps, lr, warmup != null ? warmup : steps / 100,
                minLr != null ? minLr : 0.1 * lr, weightDecay, clip, seed, new SaveSchedule(save), evalEvery, stateEvery,
                device, !noProgress, 0);
    }
}
