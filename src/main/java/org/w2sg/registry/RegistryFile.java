package org.w2sg.registry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The shape of checkpoints.yaml as Jackson binds it (snake_case keys); {@link Registry} turns it into aliases. */
record RegistryFile(Map<String, Family> families, Map<String, Alias> aliases) {
    RegistryFile {
        families = families == null ? new LinkedHashMap<>() : families;
        aliases = aliases == null ? new LinkedHashMap<>() : aliases;
    }

    record Family(Revisions revisions, Tokenizer tokenizer, Weak weakSupervisor, Map<String, Object> config) {}

    record Alias(String repo, String family, String description, Revisions revisions, Tokenizer tokenizer,
                 Weak weakSupervisor, Map<String, Object> config) {}

    record Revisions(String scheme, Long tokensPerStep, String pattern) {}

    record Tokenizer(String file, String shared) {}

    record Weak(String model, String revision, String layer) {}

    /** Fields every alias must end up with (from itself or its family). */
    static final List<String> REQUIRED_CONFIG = List.of("model_type", "hidden_size", "num_hidden_layers",
            "num_attention_heads", "intermediate_size", "vocab_size");
}
