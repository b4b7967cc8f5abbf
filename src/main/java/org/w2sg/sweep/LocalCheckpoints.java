package org.w2sg.sweep;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.w2sg.errors.UnreadableFileException;
import org.w2sg.errors.UserException;
import org.w2sg.hub.CheckpointResolver;
import org.w2sg.hub.ResolvedCheckpoint;
import org.w2sg.hub.WeightFormat;
import org.w2sg.model.HfConfig;
import org.w2sg.registry.Revision;
import org.w2sg.registry.RevisionScheme;
import org.w2sg.run.CheckpointIdentity;
import org.w2sg.run.CheckpointLog;
import org.w2sg.weights.SampledFingerprint;
import org.w2sg.weights.TensorStore;
import org.w2sg.weights.Weights;

/**
 * A user's own training run on disk: a folder whose sub-folders are Hugging Face checkpoints (config.json plus weight
 * files), one per revision, named like Hub branches ({@code step1000}, {@code step1000-tokens4B}) or like the HF
 * Trainer's {@code checkpoint-1000}. Tokens come from the name, else from the folder's trainer_state.json
 * (num_input_tokens_seen), else from {@code tokensPerStep}; a folder that holds
 * config.json itself is a single revision. Nothing is ever deleted.
 */
public final class LocalCheckpoints implements CheckpointSource {
    private static final Pattern TRAINER = Pattern.compile("checkpoint-(\\d+)");

    private final Path root;
    private final long tokensPerStep;
    private final Map<String, Path> folders = new LinkedHashMap<>();
    private final List<Revision> revisions = new ArrayList<>();

    /** @param tokensPerStep tokens seen per optimizer step, or 0 when the folder names must say */
    public LocalCheckpoints(Path root, long tokensPerStep) {
        this.root = root.toAbsolutePath().normalize();
        this.tokensPerStep = tokensPerStep;
        scan();
    }


    private void scan() {
        if (!Files.isDirectory(root)) {
            throw new UserException("--model " + root + ": no such folder (give an alias such as pythia-410m, ORG/NAME, "
                    + "or a folder of checkpoints)");
        }
        if (Files.isRegularFile(root.resolve("config.json"))) {
            add(root.getFileName().toString(), root);
        } else {
            try (Stream<Path> s = Files.list(root)) {
                // a dot-folder is work in progress (a checkpoint being written under a temporary name)
                for (Path d : s.filter(p -> !p.getFileName().toString().startsWith(".")
                        && Files.isRegularFile(p.resolve("config.json"))).sorted().toList()) {
                    add(d.getFileName().toString(), d);
                }
            } catch (IOException e) {
                throw UnreadableFileException.of(root, "the checkpoints folder", e, null);
            }
        }
        if (revisions.isEmpty()) {
            throw new UserException("--model " + root + ": no checkpoint found: expected config.json in the folder or in "
                    + "sub-folders named like step1000 or checkpoint-1000");
        }
        revisions.sort(null);
    }

    private void add(String name, Path dir) {
        Revision loose = RevisionScheme.parseLoose(name);
        long step = loose.step();
        Matcher m = TRAINER.matcher(name);
        if (step < 0 && m.matches()) step = Long.parseLong(m.group(1));
        if (step < 0) step = 0;
        long recorded = recordedTokens(dir);
        long tokens = loose.tokens() >= 0 ? loose.tokens() : recorded >= 0 ? recorded
                : tokensPerStep > 0 ? step * tokensPerStep : -1;
        revisions.add(new Revision(name, step, tokens));
        folders.put(name, dir);
    }

    /**
     * The tokens a checkpoint has seen as its trainer recorded them: trainer_state.json's num_input_tokens_seen (the
     * Hugging Face Trainer's field, also written by 'harness pretrain'), or -1.
     */
    static long recordedTokens(Path dir) {
        Path state = dir.resolve("trainer_state.json");
        if (!Files.isRegularFile(state)) return -1;
        try {
            com.fasterxml.jackson.databind.JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(state.toFile())
                    .get("num_input_tokens_seen");
            return n != null && n.isIntegralNumber() && n.asLong() >= 0 ? n.asLong() : -1;
        } catch (IOException e) {
            throw new UserException(state + ": cannot read it as JSON (" + e.getMessage().lines().findFirst().orElse("")
                    + "); fix or delete the file");
        }
    }

    @Override
    public String model() {
        return root.getFileName().toString();
    }

    @Override
    public List<Revision> revisions() {
        return List.copyOf(revisions);
    }

    @Override
    public int numLayers() {
        return HfConfig.read(folders.get(revisions.getLast().name())).requireInt("num_hidden_layers");
    }

    @Override
    public java.util.OptionalLong blockParameters() {
        HfConfig c = HfConfig.read(folders.get(revisions.getLast().name()));
        int hidden = c.requireInt("hidden_size");
        return java.util.OptionalLong.of(CheckpointSource.blockParameters(c.requireInt("num_hidden_layers"), hidden,
                c.optInt("intermediate_size", 4 * hidden)));
    }

    @Override
    public CheckpointIdentity identity(String role, Revision revision) {
        Path dir = folder(revision);
        return CheckpointIdentity.local(role, revision.name(), SampledFingerprint.of(dir), dir.toString());
    }

    @Override
    public List<String> problems(Revision revision) {
        Path dir = folder(revision);
        List<String> out = new ArrayList<>();
        try {
            HfConfig.read(dir).requireInt("num_hidden_layers");
        } catch (RuntimeException e) {
            out.add(e.getMessage());
        }
        try {
            // opening parses every header (and a shard index's shards) and checks each tensor against its file's size
            try (TensorStore ignored = Weights.open(dir)) { /* nothing to read */ }
        } catch (RuntimeException e) {
            out.add(e.getMessage());
        }
        if (!Files.isRegularFile(dir.resolve("tokenizer.json"))) {
            out.add(dir + " has no tokenizer.json: copy the model's tokenizer.json into it");
        }
        return out;
    }

    private Path folder(Revision revision) {
        Path dir = folders.get(revision.name());
        if (dir == null) throw new UserException(root + " has no revision '" + revision.name() + "'");
        return dir;
    }

    @Override
    public Opened open(Revision revision) throws IOException {
        Path dir = folders.get(revision.name());
        if (dir == null) throw new UserException(root + " has no revision '" + revision.name() + "'");
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("revision", revision.name());
        provenance.put("step", revision.step());
        provenance.put("tokens", revision.tokens());
        provenance.put("source", "local");
        provenance.put("path", dir.toString());
        ResolvedCheckpoint weights = CheckpointResolver.local(dir, WeightFormat.AUTO, revision.name());
        provenance.put("files_sha256", hashes(dir, weights));
        provenance.put(CheckpointLog.WEIGHTS_FINGERPRINT, weights.weightsFingerprint());
        return new Opened() {
            @Override
            public Path dir() {
                return dir;
            }

            @Override
            public Map<String, Object> provenance() {
                return provenance;
            }

            @Override
            public void close() {}
        };
    }

    /** SHA-256 of config.json, the weight files and their index: what makes two local revisions the same or different. */
    static Map<String, String> hashes(Path dir, ResolvedCheckpoint weights) throws IOException {
        Map<String, String> out = new TreeMap<>(weights.weightSha256());
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                String n = f.getFileName().toString();
                if (n.equals("config.json") || n.endsWith(".index.json")) out.put(n, sha256(f));
            }
        }
        return out;
    }

    static String sha256(Path f) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(f), MessageDigest.getInstance("SHA-256"))) {
            byte[] buf = new byte[1 << 16];
            while (in.read(buf) >= 0) { /* digesting */ }
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
