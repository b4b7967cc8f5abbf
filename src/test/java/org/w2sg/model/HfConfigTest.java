package org.w2sg.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HfConfigTest {
    @Test
    void aBrokenConfigIsOneLineWithItsLocation(@TempDir Path dir) throws Exception {
        // "{ nope": the n is the third character of line 1
        Path file = Files.writeString(dir.resolve("config.json"), "{ nope");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> HfConfig.read(dir));
        assertEquals(file + ": cannot parse JSON (line 1, column 3): Unexpected character ('n' (code 110)): was "
                + "expecting double-quote to start field name", e.getMessage());
    }

    /** OLMo and OLMo-2 read their shared fields with one reader: the same values, the same refusals. */
    @Test
    void olmoAndOlmo2ReadTheirSharedFieldsAlike(@TempDir Path dir) throws Exception {
        String json = """
                {"model_type": "%s", "hidden_act": "silu", "hidden_size": 64, "num_hidden_layers": 2,
                 "num_attention_heads": 4, "num_key_value_heads": %d, "intermediate_size": 96, "rope_theta": 500000,
                 "vocab_size": 100, "eos_token_id": 7}""";
        Files.writeString(dir.resolve("config.json"), json.formatted("olmo", 2));
        var v1 = org.w2sg.model.olmo.OlmoConfig.from(HfConfig.read(dir));
        Files.writeString(dir.resolve("config.json"), json.formatted("olmo2", 2));
        var v2 = org.w2sg.model.olmo2.Olmo2Config.from(HfConfig.read(dir));
        assertEquals(java.util.List.of(64, 2, 4, 2, 96, 500000.0, false, 100, false, 7L),
                java.util.List.of(v1.hiddenSize(), v1.numLayers(), v1.numHeads(), v1.numKvHeads(), v1.intermediateSize(),
                        v1.ropeTheta(), v1.attentionBias(), v1.vocabSize(), v1.tieWordEmbeddings(), v1.padTokenId()));
        assertEquals(java.util.List.of(v1.hiddenSize(), v1.numLayers(), v1.numHeads(), v1.numKvHeads(), v1.intermediateSize(),
                        v1.ropeTheta(), v1.attentionBias(), v1.vocabSize(), v1.tieWordEmbeddings(), v1.padTokenId()),
                java.util.List.of(v2.hiddenSize(), v2.numLayers(), v2.numHeads(), v2.numKvHeads(), v2.intermediateSize(),
                        v2.ropeTheta(), v2.attentionBias(), v2.vocabSize(), v2.tieWordEmbeddings(), v2.padTokenId()));
        assertEquals(1e-5, v2.rmsNormEps());
        assertEquals(null, v1.clipQkv());

        for (String type : new String[] {"olmo", "olmo2"}) {
            Files.writeString(dir.resolve("config.json"), json.formatted(type, 3));
            IllegalArgumentException e = assertThrows(org.w2sg.errors.UserException.class, () -> {
                if (type.equals("olmo")) org.w2sg.model.olmo.OlmoConfig.from(HfConfig.read(dir));
                else org.w2sg.model.olmo2.Olmo2Config.from(HfConfig.read(dir));
            });
            assertEquals(dir.resolve("config.json") + ": field 'num_key_value_heads' (3) must divide num_attention_heads (4)",
                    e.getMessage());
        }
    }
}
