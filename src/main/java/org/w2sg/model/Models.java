package org.w2sg.model;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import org.w2sg.model.gptneox.GptNeoXModel;
import org.w2sg.model.olmo.OlmoModel;
import org.w2sg.model.olmo2.Olmo2Model;
import org.w2sg.weights.TensorStore;
import org.w2sg.weights.Weights;

/** Loads a Hugging Face checkpoint folder as a {@link DecoderModel}, choosing the architecture from config.json. */
public final class Models {
    private Models() {}

    /** The config.json model_type values this harness runs. */
    public static final List<String> SUPPORTED = List.of("gpt_neox", "olmo", "olmo2");

    public static DecoderStack load(Path checkpointDir, ModelOptions options) {
        HfConfig config = HfConfig.read(checkpointDir);
        String type = config.modelType();
        if (!SUPPORTED.contains(type)) {
            throw new IllegalArgumentException(config.file() + ": model_type '" + type + "' is not supported; supported: "
                    + String.join(", ", SUPPORTED));
        }
        ComputeTarget target = ComputeTarget.resolve(options.device(), options.dtype());
        TensorStore store = Weights.open(checkpointDir, options.weights());
        WeightSource source = new WeightSource(store, target);
        NDManager manager = NDManager.newBaseManager(target.device(), "PyTorch");
        try {
            return switch (type) {
                case "gpt_neox" -> new GptNeoXModel(config, source, manager, options.streamLayers());
                case "olmo" -> new OlmoModel(config, source, manager, options.streamLayers());
                default -> new Olmo2Model(config, source, manager, options.streamLayers());
            };
        } catch (RuntimeException e) {
            manager.close();
            source.close();
            throw e;
        }
    }
}
