package org.w2sg.model;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import org.w2sg.errors.UserException;
import org.w2sg.machine.MemoryPlan;
import org.w2sg.machine.NativeThreads;
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

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Models.class);

    /** The config.json model_type values this harness runs. */
    public static final List<String> SUPPORTED = List.of("gpt_neox", "olmo", "olmo2");

    public static DecoderStack load(Path checkpointDir, ModelOptions options) {
        HfConfig config = HfConfig.read(checkpointDir);
        MemoryPlan plan = null;
        if (options.maxMemoryBytes() > 0) {
            int elementBytes = ComputeTarget.elementBytes(options.dtype());
            plan = MemoryPlan.of(options.maxMemoryBytes(), tensors(config), config.requireInt("hidden_size"), elementBytes);
        }
        boolean stream = options.streamLayers() || (plan != null && plan.needsStreaming());
        if (stream && plan != null) {
            LOG.info("{}: weights take {} in the compute type, more than --max-memory {}: streaming the layers (one "
                            + "layer resident at a time, {} each)", checkpointDir, mib(plan.weightBytes()), mib(plan.budget()),
                    mib(plan.layerBytes()));
        }
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
        ComputeTarget target = ComputeTarget.resolve(options.device(), options.dtype());
        WeightSource source = new WeightSource(Weights.open(checkpointDir, options.weights()), target);
        NDManager manager = org.w2sg.machine.Libtorch.engine().newBaseManager(target.device());
        try {
            DecoderStack stack = factory.build(source, manager);
            stack.memoryPlan(plan);
            return stack;
        } catch (RuntimeException e) {
            manager.close();
            source.close();
            throw e;
        }
    }

    private static String mib(long bytes) {
        return String.format("%.0f MiB", bytes / (double) (1L << 20));
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
            throw new UserException(config.file() + ": model_type '" + type + "' is not supported; supported: "
                    + String.join(", ", SUPPORTED));
        }
        return type;
    }
}
