package org.w2sg.model;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import org.w2sg.model.gptneox.GptNeoXConfig;
import org.w2sg.model.gptneox.GptNeoXModel;
import org.w2sg.model.olmo.OlmoConfig;
import org.w2sg.model.olmo.OlmoModel;
import org.w2sg.model.olmo2.Olmo2Config;
import org.w2sg.model.olmo2.Olmo2Model;
import org.w2sg.weights.Weights;

/** Loads a Hugging Face checkpoint folder as a {@link DecoderModel}, choosing the architecture from config.json. */
public final class Models {
    private Models() {}

    /** The config.json model_type values this harness runs. */
    public static final List<String> SUPPORTED = List.of("gpt_neox", "olmo", "olmo2");

    public static DecoderStack load(Path checkpointDir, ModelOptions options) {
        HfConfig config = HfConfig.read(checkpointDir);
        boolean stream = options.streamLayers();
        // The architecture's config is parsed before any weight file is opened, so config errors come first.
        Factory factory = switch (supportedType(config)) {
            case "gpt_neox" -> {
                GptNeoXConfig c = GptNeoXConfig.from(config);
                yield (source, manager) -> new GptNeoXModel(c, source, manager, stream);
            }
            case "olmo" -> {
                OlmoConfig c = OlmoConfig.from(config);
                yield (source, manager) -> new OlmoModel(c, source, manager, stream);
            }
            default -> {
                Olmo2Config c = Olmo2Config.from(config);
                yield (source, manager) -> new Olmo2Model(c, source, manager, stream);
            }
        };
        NativeThreads.configure();
        ComputeTarget target = ComputeTarget.resolve(options.device(), options.dtype());
        WeightSource source = new WeightSource(Weights.open(checkpointDir, options.weights()), target);
        NDManager manager = NDManager.newBaseManager(target.device(), "PyTorch");
        try {
            return factory.build(source, manager);
        } catch (RuntimeException e) {
            manager.close();
            source.close();
            throw e;
        }
    }

    private interface Factory {
        DecoderStack build(WeightSource source, NDManager manager);
    }

    /** Every parameter tensor a checkpoint of this config holds, in Hugging Face naming and state-dict order. */
    public static List<TensorSpec> tensors(HfConfig config) {
        return switch (supportedType(config)) {
            case "gpt_neox" -> GptNeoXConfig.from(config).tensors();
            case "olmo" -> OlmoConfig.from(config).tensors();
            default -> Olmo2Config.from(config).tensors();
        };
    }

    private static String supportedType(HfConfig config) {
        String type = config.modelType();
        if (!SUPPORTED.contains(type)) {
            throw new IllegalArgumentException(config.file() + ": model_type '" + type + "' is not supported; supported: "
                    + String.join(", ", SUPPORTED));
        }
        return type;
    }
}
