package org.w2sg.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.w2sg.data.DataDownloader;
import org.w2sg.data.DatasetCards;
import org.w2sg.data.DatasetLoader;
import org.w2sg.data.SplitSizes;
import org.w2sg.errors.UserException;
import org.w2sg.extract.ActivationStore;
import org.w2sg.extract.Activations;
import org.w2sg.extract.CheckpointLocator;
import org.w2sg.extract.CheckpointRef;
import org.w2sg.extract.ExtractOptions;
import org.w2sg.extract.ExtractionRequest;
import org.w2sg.extract.LayerSelection;
import org.w2sg.extract.ModelLoader;
import org.w2sg.extract.NonFiniteActivationException;
import org.w2sg.extract.PaddingSide;
import org.w2sg.extract.Pooling;
import org.w2sg.hub.CheckpointResolver;
import org.w2sg.io.SharedDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "extract", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Extracts pooled hidden states of a checkpoint on a dataset's weak-train, transfer and test "
                + "splits into the activation store: OUT/ORG--NAME/REVISION/DATASET/ holds hidden_LL_POOL.npy "
                + "(float32 [examples, hidden]) per layer and pooling, ids.txt, labels.npy, splits/*.json and entry.json.",
                "An existing entry is reused; only missing examples or layers are computed; an interrupted run "
                        + "resumes after its last finished group of examples."})
public final class ExtractCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, paramLabel = "DIR|ORG/NAME@REV|ALIAS@REV",
            description = "A Hugging Face checkpoint folder (config.json, weights, tokenizer.json), or a Hub "
                    + "checkpoint (EleutherAI/pythia-70m@step1000, pythia-70m@step1000) fetched into the shared cache.")
    String checkpoint;

    @Option(names = "--dataset", required = true, paramLabel = "NAME|CARD",
            description = "Built-in dataset (${COMPLETION-CANDIDATES}) or the path of a dataset card (.yaml).",
            completionCandidates = BuiltInDatasets.class)
    String dataset;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Activation store folder.")
    Path out;

    @Option(names = "--layers", defaultValue = "mid", paramLabel = "all|mid|i,j,k",
            description = "Hidden states to pool: 0 = embeddings ... L = after the final norm; mid = (L+1)/2 "
                    + "(default: ${DEFAULT-VALUE}).")
    String layers;

    @Option(names = "--pooling", defaultValue = "last", split = ",", paramLabel = "last|mean",
            description = "Last real token and/or mean over real tokens, comma-separated (default: ${DEFAULT-VALUE}).")
    List<String> pooling;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Folder with the datasets' files, looked in before any download (default: $W2SG_SHARED/data).")
    Path dataDir;

    @Option(names = "--seed", defaultValue = "0", split = ",", paramLabel = "S",
            description = "Split seed(s), comma-separated; the store holds the union of their examples (default: ${DEFAULT-VALUE}).")
    List<Long> seeds;

    @Option(names = "--n-weak", defaultValue = "800", paramLabel = "N",
            description = "Weak-train split size A, even (default: ${DEFAULT-VALUE}).")
    int nWeak;

    @Option(names = "--n-transfer", defaultValue = "800", paramLabel = "N",
            description = "Transfer split size B, even (default: ${DEFAULT-VALUE}).")
    int nTransfer;

    @Option(names = "--n-test", defaultValue = "400", paramLabel = "N",
            description = "Test split size T, even (default: ${DEFAULT-VALUE}).")
    int nTest;

    @Option(names = "--max-examples", paramLabel = "N",
            description = "Quick runs: use at most N examples per seed, split 40/40/20 (overrides --n-weak/--n-transfer/--n-test).")
    Integer maxExamples;

    @Option(names = "--batch-tokens", defaultValue = "8192", paramLabel = "N",
            description = "Token budget per batch (batch size x longest sequence) for length-sorted batches (default: ${DEFAULT-VALUE}).")
    int batchTokens;

    @Option(names = "--max-length", defaultValue = "512", paramLabel = "N",
            description = "Most tokens per example; longer texts keep their end (default: ${DEFAULT-VALUE}, as in the "
                    + "sweep; 0 = the model's max_position_embeddings).")
    int maxLength;

    @Option(names = "--tokenizer", paramLabel = "PATH",
            description = "tokenizer.json to use instead of the checkpoint's own.")
    Path tokenizer;

    @Option(names = "--save-tokens", description = "Also store each example's token ids (tokens.npy, token_offsets.npy).")
    boolean saveTokens;

    @Option(names = "--padding", defaultValue = "right", paramLabel = "right|left",
            description = "Where batches are padded; results agree to float round-off (default: ${DEFAULT-VALUE}).")
    String padding;

    @Option(names = "--group-size", defaultValue = "256", paramLabel = "N",
            description = "Examples per checkpointed group: a killed run resumes after the last finished one (default: ${DEFAULT-VALUE}).")
    int groupSize;

    @Mixin
    ModelLoadOptions load;

    @Mixin
    RegistryOption registry;

    @Override
    public Integer call() {
        CheckpointRef ref = CheckpointLocator.withHub(() -> CheckpointResolver.fromEnvironment(registry.load()))
                .locate(checkpoint);
        SplitSizes sizes = maxExamples != null ? SplitSizes.ofTotal(maxExamples) : new SplitSizes(nWeak, nTransfer, nTest);
        ExtractOptions options = new ExtractOptions(batchTokens, maxLength, paddingSide(padding), groupSize, saveTokens, true);
        ExtractionRequest request = ExtractionRequest.of(ref, dataset)
                .withSizes(sizes)
                .withSeeds(seeds)
                .withLayers(LayerSelection.of(layers))
                .withPoolings(pooling.stream().map(Pooling::parse).toList())
                .withTokenizer(tokenizer)
                .withModel(load.toModelOptions())
                .withOptions(options);
        ActivationStore store = ActivationStore.open(out, new DatasetLoader(dataDir != null ? dataDir : SharedDir.data(),
                DataDownloader.fromEnvironment()), ModelLoader.standard());
        Activations a;
        try {
            a = store.getOrExtract(request);
        } catch (NonFiniteActivationException e) {
            throw new UserException(ref + " on " + dataset + ": " + e.getMessage(), e);
        }
        System.out.printf("%s on %s: %d examples (splits %s, seeds %s), layers %s, pooling %s, hidden size %d%n",
                ref, a.dataset(), a.size(), sizes, seeds, a.layers(), pooling, a.hiddenSize());
        System.out.println(a.extraction().map(s -> "extracted " + s).orElse("already in the store: nothing to extract"));
        System.out.println("store entry: " + a.folder());
        return 0;
    }

    private static PaddingSide paddingSide(String text) {
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "right" -> PaddingSide.RIGHT;
            case "left" -> PaddingSide.LEFT;
            default -> throw new UserException("--padding '" + text + "' is not right or left");
        };
    }

    /** Names for picocli's completion and help. */
    static final class BuiltInDatasets implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return DatasetCards.BUILT_IN.iterator();
        }
    }
}
