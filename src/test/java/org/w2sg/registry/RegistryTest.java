package org.w2sg.registry;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryTest {
    static final RefLister NO_REFS = repo -> { throw new AssertionError("pythia needs no refs"); };

    @Test
    void bundledRegistryHasEveryPythiaSizeBothVariantsWithTheir154Revisions() throws Exception {
        Registry reg = Registry.bundled();
        for (String size : List.of("14m", "31m", "70m", "160m", "410m", "1b", "1.4b", "2.8b", "6.9b", "12b")) {
            for (String suffix : List.of("", "-deduped")) {
                ModelAlias a = reg.alias("pythia-" + size + suffix);
                assertEquals("EleutherAI/pythia-" + size + suffix, a.repo());
                assertEquals("gpt_neox", a.modelType());
                List<Revision> revs = a.revisions(NO_REFS);
                assertEquals(154, revs.size(), a.name());
                assertEquals("step0", revs.getFirst().name());
                assertEquals("step143000", revs.getLast().name());
            }
        }
        // The Pythia model cards state 299,892,736,000 training tokens: 143000 steps x 2,097,152 tokens.
        Revision last = reg.alias("pythia-410m").revisions(NO_REFS).getLast();
        assertEquals(299_892_736_000L, last.tokens());
        List<String> names = reg.alias("pythia-70m").revisions(NO_REFS).stream().map(Revision::name).toList();
        assertEquals(List.of("step0", "step1", "step2", "step4", "step8", "step16", "step32", "step64", "step128",
                "step256", "step512", "step1000", "step2000"), names.subList(0, 13));
    }

    @Test
    void architecturesCarryTheRealConfigValues() throws Exception {
        Registry reg = Registry.bundled();
        record Arch(String alias, int hidden, int layers, int heads, int inter, int vocab) {}
        for (Arch x : List.of(new Arch("pythia-70m", 512, 6, 8, 2048, 50304), new Arch("pythia-160m", 768, 12, 12, 3072, 50304),
                new Arch("pythia-410m", 1024, 24, 16, 4096, 50304), new Arch("pythia-1.4b", 2048, 24, 16, 8192, 50304),
                new Arch("pythia-12b", 5120, 36, 40, 20480, 50688), new Arch("OLMo-1B-hf", 2048, 16, 16, 8192, 50304),
                new Arch("OLMo-7B-0424-hf", 4096, 32, 32, 11008, 50304), new Arch("OLMo-2-13B", 5120, 40, 40, 13824, 100352))) {
            var c = reg.alias(x.alias()).config();
            assertEquals(x.hidden(), c.get("hidden_size"), x.alias());
            assertEquals(x.layers(), c.get("num_hidden_layers"), x.alias());
            assertEquals(x.heads(), c.get("num_attention_heads"), x.alias());
            assertEquals(x.inter(), c.get("intermediate_size"), x.alias());
            assertEquals(x.vocab(), c.get("vocab_size"), x.alias());
        }
        var pythia = reg.alias("pythia-410m").config();
        assertEquals(0.25, (Double) pythia.get("rotary_pct"), 0.0);
        assertEquals(1e-5, (Double) pythia.get("layer_norm_eps"), 0.0);
        assertEquals(Boolean.TRUE, pythia.get("use_parallel_residual"));
        assertEquals(Boolean.FALSE, pythia.get("tie_word_embeddings"));
        assertEquals(12, reg.alias("pythia-410m").middleLayer());
        assertEquals(3, reg.alias("pythia-70m").middleLayer());
        assertEquals(Boolean.TRUE, reg.alias("OLMo-1B-hf").config().get("tie_word_embeddings"));
        assertTrue(reg.alias("OLMo-1B-hf").config().containsKey("clip_qkv"));
        assertNull(reg.alias("OLMo-1B-hf").config().get("clip_qkv"));
        assertEquals(8.0, (Double) reg.alias("OLMo-7B-0424-hf").config().get("clip_qkv"), 0.0);
        var olmo2 = reg.alias("OLMo-2-1B");
        assertEquals("allenai/OLMo-2-0425-1B", olmo2.repo());
        assertEquals(1e-6, (Double) olmo2.config().get("rms_norm_eps"), 0.0);
        assertEquals(500000.0, ((Number) olmo2.config().get("rope_theta")).doubleValue(), 0.0);
        assertEquals("olmo/allenai_dolma2.json", olmo2.tokenizer().shared());
        assertTrue(Files.isRegularFile(olmo2.tokenizer().sharedPath()), "shared tokenizer " + olmo2.tokenizer().sharedPath());
        assertTrue(Files.isRegularFile(reg.alias("pythia-70m").tokenizer().sharedPath()));
        WeakSupervisor w = reg.alias("pythia-1b").weakSupervisor();
        assertEquals("pythia-70m", w.model());
        assertEquals("step143000", w.revision());
        assertEquals(3, w.layerIndex(reg.alias(w.model()).numLayers()));
    }

    @Test
    void olmoRevisionsComeFromRefsAndAreParsedFromTheirNames() throws Exception {
        Registry reg = Registry.bundled();
        RefLister refs = repo -> {
            assertEquals("allenai/OLMo-2-1124-7B", repo);
            return List.of("main", "stage1-step10000-tokens42B", "stage1-step1000-tokens5B",
                    "stage2-ingredient1-step11931-tokens50B", "stage1-step928646-tokens3896B");
        };
        ModelAlias a = reg.alias("OLMo-2-7B");
        List<Revision> revs = a.revisions(refs);
        assertEquals(List.of(new Revision("stage1-step1000-tokens5B", 1000, 5_000_000_000L),
                new Revision("stage1-step10000-tokens42B", 10000, 42_000_000_000L),
                new Revision("stage1-step928646-tokens3896B", 928646, 3_896_000_000_000L)), revs);
        // a branch outside the step sequence can still be named explicitly
        assertEquals(11931, a.revision("stage2-ingredient1-step11931-tokens50B", refs).step());
        assertEquals(-1, a.revision("main", refs).step());

        RefLister olmo1 = repo -> List.of("main", "step20000-tokens84B", "step1000-tokens4B");
        List<Revision> r1 = reg.alias("OLMo-1B-hf").revisions(olmo1);
        assertEquals(List.of("step1000-tokens4B", "step20000-tokens84B"), r1.stream().map(Revision::name).toList());
        assertEquals(84_000_000_000L, r1.get(1).tokens());
    }

    @Test
    void unknownAliasAndRevisionListWhatIsClose() throws Exception {
        Registry reg = Registry.bundled();
        var e = assertThrows(IllegalArgumentException.class, () -> reg.alias("pythia-410"));
        assertTrue(e.getMessage().contains("unknown model alias 'pythia-410'"), e.getMessage());
        assertTrue(e.getMessage().contains("pythia-410m"), e.getMessage());
        assertEquals("OLMo-1B-hf", reg.alias("olmo-1b-hf").name());
        var r = assertThrows(IllegalArgumentException.class, () -> reg.alias("pythia-70m").revision("step1500", NO_REFS));
        assertTrue(r.getMessage().endsWith("nearest: step512, step1000, step2000, step3000"), r.getMessage());
        assertEquals(2000, reg.alias("pythia-70m").revision("2000", NO_REFS).step());
    }

    @Test
    void loadPrefersExplicitThenWorkingDirectoryThenBundled(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("mine.yaml");
        Files.writeString(f, MINIMAL);
        Registry mine = Registry.load(f);
        assertEquals(List.of("tiny"), mine.aliases().stream().map(ModelAlias::name).toList());
        // tests run in the project root, whose checkpoints.yaml is the one bundled into the jar
        assertEquals("checkpoints.yaml", Registry.load(null).source());
        assertEquals(Registry.bundled().aliases().size(), Registry.load(null).aliases().size());
        var e = assertThrows(IllegalArgumentException.class, () -> Registry.load(dir.resolve("nope.yaml")));
        assertTrue(e.getMessage().contains("nope.yaml does not exist"), e.getMessage());
    }

    static final String MINIMAL = """
            families:
              f:
                revisions: { scheme: pythia, tokens_per_step: 10 }
                tokenizer: { file: tokenizer.json }
                weak_supervisor: { model: tiny, revision: step143000 }
                config: { model_type: gpt_neox, hidden_size: 8, num_hidden_layers: 2, num_attention_heads: 2, intermediate_size: 32, vocab_size: 100 }
            aliases:
              tiny:
                repo: me/tiny
                family: f
            """;

    private static String error(String yaml) {
        return assertThrows(IllegalArgumentException.class, () -> Registry.parse(yaml, "bad.yaml")).getMessage();
    }

    @Test
    void malformedRegistryErrorsNameTheLineAndTheField() {
        // a misspelt key: Jackson's location + the allowed keys
        String typo = error(MINIMAL.replace("    family: f", "    famly: f"));
        assertTrue(typo.startsWith("bad.yaml line 10: "), typo);
        assertTrue(typo.contains("field aliases.tiny.famly: unknown field 'famly'"), typo);
        assertTrue(typo.contains("allowed here: config, description, family, repo, revisions, tokenizer, weak_supervisor"), typo);

        // a number that is not one
        String nan = error(MINIMAL.replace("tokens_per_step: 10", "tokens_per_step: ten"));
        assertTrue(nan.startsWith("bad.yaml line 3: "), nan);
        assertTrue(nan.contains("field families.f.revisions.tokens_per_step: 'ten' is not a valid long"), nan);

        // an unknown family: checked after binding, line found from the YAML's key locations
        String fam = error(MINIMAL.replace("    family: f", "    family: g"));
        assertEquals("bad.yaml line 10: field aliases.tiny.family: unknown family 'g' (known: f)", fam);

        // a required architecture field with the wrong type
        String type = error(MINIMAL.replace("hidden_size: 8", "hidden_size: eight"));
        assertEquals("bad.yaml line 8: field aliases.tiny.config.hidden_size: 'eight' is not a positive integer", type);

        // a missing repo
        String repo = error(MINIMAL.replace("    repo: me/tiny\n", ""));
        assertEquals("bad.yaml line 8: field aliases.tiny.repo: missing", repo);

        // a bad revision scheme, reported at the family that defines it
        String scheme = error(MINIMAL.replace("scheme: pythia", "scheme: daily"));
        assertEquals("bad.yaml line 3: field families.f.revisions: revisions.scheme must be 'pythia' or 'refs', got 'daily'", scheme);

        // a weak supervisor that is not an alias
        String weak = error(MINIMAL.replace("model: tiny", "model: tinyy"));
        assertEquals("bad.yaml line 5: field families.f.weak_supervisor.model: unknown alias 'tinyy'; did you mean tiny?", weak);

        // broken YAML syntax
        String syntax = error(MINIMAL.replace("    repo: me/tiny", "    repo: [me/tiny"));
        assertTrue(syntax.startsWith("bad.yaml line "), syntax);

        // a mapping where a list of aliases was expected
        String shape = error(MINIMAL.replace("  tiny:\n    repo: me/tiny\n    family: f\n", "  - tiny\n"));
        assertTrue(shape.startsWith("bad.yaml line 7: field aliases: expected a mapping"), shape);
    }
}
