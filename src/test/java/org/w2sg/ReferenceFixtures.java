package org.w2sg;

import java.nio.file.Path;
import java.util.List;

/**
 * The reference checkpoints and the hidden states Hugging Face transformers computed for them, copied from the shared
 * fixtures into this project's test resources (see reference-models/README.md there).
 */
public final class ReferenceFixtures {
    public static final Path ROOT = Path.of("src/test/resources/reference-models");

    public static final List<String> CASES = List.of(
            "gpt_neox_pythia", "gpt_neox_sequential", "olmo_clip_qkv", "olmo_tied", "olmo2", "olmo2_gqa");

    private ReferenceFixtures() {}

    public static Path dir(String caseName) {
        return ROOT.resolve(caseName);
    }
}
