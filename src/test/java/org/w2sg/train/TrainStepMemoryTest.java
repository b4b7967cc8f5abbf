package org.w2sg.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.w2sg.model.gptneox.GptNeoXConfig;

/**
 * Nothing a training or validation step makes outlives it: the native arrays the managers hold stay level. (The C
 * heap in use is not asserted here: on a tiny model the JVM's own compiler arenas move it by more than a per-step
 * leak would; `harness bench pretrain` reports it on real shapes.)
 */
class TrainStepMemoryTest {
    @Test
    void stepsLeaveNoArraysBehind() {
        GptNeoXConfig config = TrainableGptNeoXTest.neox(TinyShapes.config(16, 2, 2, 97, 0.25, true));
        SplittableRandom random = new SplittableRandom(3);
        try (NDManager base = NDManager.newBaseManager("PyTorch");
             TrainableGptNeoX model = TrainableGptNeoX.of(config, base, DataType.FLOAT32, Initializer.values(config, 0.02, 1))) {
            TrainStep step = new TrainStep(model, new AdamW(AdamW.Settings.of(0.1, 1.0), model.parameters()), base).headChunk(8);
            // the first step makes the per-length constants (mask, rotary tables)
            step.run(1, batch(random, config.vocabSize()), 1e-3);
            int arrays = ((BaseNDManager) base).getManagedArrays().size();
            for (int i = 2; i <= 30; i++) {
                step.run(i, batch(random, config.vocabSize()), 1e-3);
                if (i % 10 == 0) step.evaluate(batch(random, config.vocabSize()));
            }
            assertEquals(arrays, ((BaseNDManager) base).getManagedArrays().size(), "arrays held after 29 more steps");
        }
    }

    private static Batch batch(SplittableRandom r, int vocab) {
        long[] ids = new long[48];
        long[] targets = new long[48];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = r.nextInt(vocab);
            targets[i] = r.nextInt(vocab);
        }
        return new Batch(ids, targets, 4, 12);
    }
}
