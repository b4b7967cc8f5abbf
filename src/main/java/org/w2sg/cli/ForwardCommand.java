package org.w2sg.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.w2sg.io.Npy;
import org.w2sg.model.CollectedOutputs;
import org.w2sg.model.DecoderModel;
import org.w2sg.model.HiddenRequest;
import org.w2sg.model.Models;
import org.w2sg.model.TokenBatch;
import org.w2sg.tools.ReferenceInputs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "forward", mixinStandardHelpOptions = true,
        description = {"Runs a checkpoint on a batch given as inputs.json (the reference fixtures' format) and writes "
                + "every hidden state as a float32 .npy file.",
                "Files, each [batch, seq, hidden]: hidden_0.npy (embeddings) ... hidden_L.npy (after the final norm), "
                        + "last_layer_pre_norm.npy, and with --logits logits.npy [batch, seq, vocab]. Only positions "
                        + "with attention_mask 1 are meaningful."})
public final class ForwardCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, paramLabel = "DIR|ALIAS@REV|ORG/NAME@REV",
            description = "A Hugging Face checkpoint folder (config.json + weights), a registry alias with revision "
                    + "(pythia-70m@step1000) or ORG/NAME@REVISION (fetched into the Hugging Face cache).")
    String checkpoint;

    @Option(names = "--inputs", required = true, paramLabel = "FILE",
            description = "inputs.json with variants.<name>.input_ids / attention_mask / position_ids.")
    Path inputs;

    @Option(names = "--variant", defaultValue = "right_padded", paramLabel = "NAME",
            description = "Which batch of inputs.json to run: right_padded or left_padded (default: ${DEFAULT-VALUE}).")
    String variant;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder for the .npy files.")
    Path out;

    @Option(names = "--logits", description = "Also compute the LM head and write logits.npy.")
    boolean logits;

    @Mixin
    ModelLoadOptions load;

    @Override
    public Integer call() throws Exception {
        TokenBatch batch = ReferenceInputs.read(inputs, variant);
        CollectedOutputs outputs = new CollectedOutputs();
        int layers;
        try (DecoderModel model = Models.load(load.resolveCheckpoint(checkpoint), load.toModelOptions())) {
            layers = model.spec().numLayers();
            model.forward(batch, HiddenRequest.all(layers, logits), outputs);
        }
        int written = 0;
        for (var e : outputs.hidden().entrySet()) {
            write("hidden_" + e.getKey() + ".npy", e.getValue());
            written++;
        }
        write("last_layer_pre_norm.npy", outputs.lastLayerPreNorm());
        written++;
        if (logits) {
            write("logits.npy", outputs.logits());
            written++;
        }
        System.out.printf("wrote %d arrays (%d layers, batch %d x %d tokens) to %s%n", written, layers,
                batch.batchSize(), batch.seqLen(), out);
        return 0;
    }

    private void write(String name, CollectedOutputs.Output o) throws java.io.IOException {
        Npy.writeFloat32(out.resolve(name), o.values(), o.shape());
    }
}
