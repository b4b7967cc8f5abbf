package org.w2sg.extract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.w2sg.io.SharedDir;
import org.w2sg.model.DecoderModel;
import org.w2sg.model.HiddenRequest;
import org.w2sg.model.HiddenStateSink;
import org.w2sg.model.ModelSpec;
import org.w2sg.model.Models;
import org.w2sg.model.TokenBatch;
import org.w2sg.registry.Registry;
import org.w2sg.tools.RandomCheckpoint;
import org.w2sg.weights.DType;

/** Random checkpoints shaped like registry models (real vocabulary, so the real tokenizer's ids fit) and model wrappers. */
final class TestCheckpoints {
    static final Path NEOX_TOKENIZER = SharedDir.tokenizers().resolve("gpt-neox-20b/20B_tokenizer.json");

    private TestCheckpoints() {}

    /** A random checkpoint with the architecture of {@code alias}, some config fields overridden. */
    static Path randomLike(Path dir, String alias, Map<String, Object> overrides, DType storage) {
        try {
            Map<String, Object> config = new LinkedHashMap<>(Registry.bundled().alias(alias).config());
            config.putAll(overrides);
            RandomCheckpoint.write(config, dir, 1234, storage, null);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Pythia's vocabulary and layout, 2 layers of width 64: a few MB, seconds to run. */
    static Path tinyPythia(Path dir) {
        return randomLike(dir, "pythia-70m", Map.of("hidden_size", 64, "num_hidden_layers", 2,
                "num_attention_heads", 4, "intermediate_size", 256), DType.F32);
    }

    /** Loads with the standard loader and counts loads and forward batches; can fail on purpose after N batches. */
    static final class CountingLoader implements ModelLoader {
        final AtomicInteger loads = new AtomicInteger();
        final AtomicInteger batches = new AtomicInteger();
        volatile int failAfterBatches = -1;

        @Override
        public DecoderModel load(Path dir, org.w2sg.model.ModelOptions options) {
            loads.incrementAndGet();
            DecoderModel inner = Models.load(dir, options);
            return new DecoderModel() {
                public ModelSpec spec() {
                    return inner.spec();
                }

                public void forward(TokenBatch batch, HiddenRequest request, HiddenStateSink sink) {
                    if (failAfterBatches >= 0 && batches.get() >= failAfterBatches) {
                        throw new IllegalStateException("simulated crash after " + batches.get() + " batches");
                    }
                    inner.forward(batch, request, sink);
                    batches.incrementAndGet();
                }

                public void close() {
                    inner.close();
                }
            };
        }
    }
}
