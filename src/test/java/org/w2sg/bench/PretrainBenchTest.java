package org.w2sg.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.w2sg.model.HfConfig;
import org.w2sg.model.gptneox.GptNeoXConfig;
import org.w2sg.train.NeoXConfigJson;

/** bench pretrain on a one-layer hidden-32 GPT-NeoX: its figures follow from its measurements, memory sampled as said. */
class PretrainBenchTest {
    @Test
    void figuresFollowFromTheMeasurementsAndMemoryIsSampledAtTenths() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("hidden_size", 32);
        c.put("intermediate_size", 128);
        c.put("num_hidden_layers", 1);
        c.put("num_attention_heads", 4);
        c.put("vocab_size", 1000);
        GptNeoXConfig config = GptNeoXConfig.from(HfConfig.of(Path.of("config.json"),
                new ObjectMapper().valueToTree(NeoXConfigJson.full(c))));
        PretrainBench.Result r = PretrainBench.run(config, 2, 8, 1, 20, 8, 10, Device.cpu(), null);
        long embedIn = 1000L * 32;
        assertEquals(6.0 * (r.parameters() - embedIn) * 16 + 12.0 * 1 * 32 * 8 * 16, r.usefulFlopsPerStep(), 1e-6);
        assertEquals(16 / r.secondsPerStep(), r.tokensPerSecond(), 1e-6);
        assertEquals(r.usefulGflops() / r.matmulGflops(), r.ratio(), 1e-12);
        List<MemorySample> memory = r.memory();
        // after the first step, every tenth of the 20 steps (2, 4, ... 20) and the last: steps 1 + 1 warm-up, 3, 5, ..., 21
        assertEquals(List.of(2L, 3L, 5L, 7L, 9L, 11L, 13L, 15L, 17L, 19L, 21L), memory.stream().map(MemorySample::step).toList());
        for (MemorySample s : memory) {
            assertTrue(s.rssMiB() > 0 && s.javaHeapCommittedMiB() > 0, s.toString());
            if (System.getProperty("os.name").toLowerCase().contains("linux")) {
                assertTrue(s.cHeapInUseMiB() > 0 && s.cHeapFreeHeldMiB() >= 0, "glibc's mallinfo2 read: " + s);
            }
        }
    }

    /** From the second sample to the last; the C heap's range over those samples. */
    @Test
    void driftRunsFromTheSecondSampleToTheLast() {
        List<MemorySample> samples = List.of(new MemorySample(2, 700, 384, 150, 100), new MemorySample(3, 800, 384, 205, 300),
                new MemorySample(5, 850, 484, 209, 310), new MemorySample(7, 845, 484, 204, 320));
        assertEquals(new MemoryDrift(3, 7, 45, 100, -1, 5, 20), MemoryDrift.of(samples));
        assertEquals(null, MemoryDrift.of(samples.subList(0, 2)));
    }
}
