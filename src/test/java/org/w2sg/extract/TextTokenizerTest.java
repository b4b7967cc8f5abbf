package org.w2sg.extract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.w2sg.io.SharedDir;

/** The real tokenizers in shared/tokenizers: known encodings (shared/tokenizers/README.md), no silent 512 cut. */
class TextTokenizerTest {
    static final Path NEOX = SharedDir.tokenizers().resolve("gpt-neox-20b/20B_tokenizer.json");
    static final Path DOLMA2 = SharedDir.tokenizers().resolve("olmo/allenai_dolma2.json");

    @Test
    void knownEncodings() {
        try (TextTokenizer neox = TextTokenizer.open(NEOX, 2048); TextTokenizer dolma = TextTokenizer.open(DOLMA2, 4096)) {
            assertArrayEquals(new int[] {12092, 1533}, neox.encode("Hello world").ids());
            assertArrayEquals(new int[] {510, 3158, 8516, 30013, 27287, 689, 253, 22658, 4370, 15},
                    neox.encode("The quick brown fox jumps over the lazy dog.").ids());
            assertArrayEquals(new int[] {12161, 486, 27, 1777, 25417, 3075, 41868, 187, 23433, 27, 310, 3075, 7407, 275,
                    247, 5816, 2133, 629}, neox.encode("Passage: Phantom pain sensations\nQuestion: is pain experienced in a missing body part").ids());
            assertArrayEquals(new int[] {9906, 1917}, dolma.encode("Hello world").ids());
            assertEquals("56ac4821e129d2c520fdaba60abd920fa852ada51b45c0dd52bbb6bd8c985ade", neox.sha256());
        }
    }

    @Test
    void longTextsAreNotCutAt512AndKeepTheirEnd() {
        String text = "word ".repeat(1500) + "Question: is it?";
        try (TextTokenizer full = TextTokenizer.open(NEOX, 4096); TextTokenizer cut = TextTokenizer.open(NEOX, 100)) {
            TextTokenizer.Tokens all = full.encode(text);
            assertTrue(all.ids().length > 1500, "only " + all.ids().length + " tokens");
            assertEquals(0, all.dropped());
            TextTokenizer.Tokens end = cut.encode(text);
            assertEquals(100, end.ids().length);
            assertEquals(all.ids().length - 100, end.dropped());
            assertArrayEquals(Arrays.copyOfRange(all.ids(), all.ids().length - 100, all.ids().length), end.ids());
            int[] question = full.encode(" Question: is it?").ids(); // preceded by a space in the text
            assertArrayEquals(question, Arrays.copyOfRange(end.ids(), 100 - question.length, 100), "the question survives");
            assertEquals(cut.encodeAll(java.util.List.of(text, "Hello world")).get(0).ids().length, 100);
        }
    }

    @Test
    void aLeadingBosSurvivesTruncation(@org.junit.jupiter.api.io.TempDir Path dir) throws java.io.IOException {
        // a word-level tokenizer whose post-processor puts <s> (id 1) in front, as BOS-adding tokenizers do
        Path file = dir.resolve("tokenizer.json");
        java.nio.file.Files.writeString(file, """
                {"version": "1.0", "truncation": null, "padding": null, "added_tokens": [
                   {"id": 1, "content": "<s>", "single_word": false, "lstrip": false, "rstrip": false,
                    "normalized": false, "special": true}],
                 "normalizer": null, "pre_tokenizer": {"type": "Whitespace"},
                 "post_processor": {"type": "TemplateProcessing",
                   "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
                   "pair": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                            {"Sequence": {"id": "B", "type_id": 1}}],
                   "special_tokens": {"<s>": {"id": "<s>", "ids": [1], "tokens": ["<s>"]}}},
                 "decoder": null,
                 "model": {"type": "WordLevel", "unk_token": "<unk>",
                   "vocab": {"<unk>": 0, "<s>": 1, "a": 2, "b": 3, "c": 4, "d": 5, "e": 6}}}
                """);
        try (TextTokenizer full = TextTokenizer.open(file, 100); TextTokenizer cut = TextTokenizer.open(file, 3)) {
            assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6}, full.encode("a b c d e").ids());
            TextTokenizer.Tokens t = cut.encode("a b c d e");
            assertArrayEquals(new int[] {1, 5, 6}, t.ids());
            assertEquals(3, t.dropped());
        }
    }

    @Test
    void aMissingTokenizerSaysWhatToPass() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TextTokenizer.open(org.w2sg.ReferenceFixtures.dir("gpt_neox_pythia"), 128));
        assertTrue(e.getMessage().contains("--tokenizer PATH"), e.getMessage());
    }
}
