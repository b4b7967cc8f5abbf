package org.w2sg.hub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.w2sg.errors.UserException;
import org.w2sg.registry.CheckpointSpec;
import org.w2sg.registry.ModelAlias;
import org.w2sg.registry.Registry;

/**
 * Turns however a user names a checkpoint into a folder on disk. Accepted: a local folder holding config.json (a
 * user's own training run), {@code ORG/NAME@REVISION} (or {@code ORG/NAME} with a revision), and a registry alias
 * with a revision ({@code pythia-410m@step1000}, or {@code pythia-410m} and revision {@code step1000} / {@code 1000}).
 * Without a revision, {@code main}.
 */
public final class CheckpointResolver {
    private final Registry registry;
    private final SnapshotFetcher fetcher;
    private final WeightAudit audit;

    public CheckpointResolver(Registry registry, SnapshotFetcher fetcher, WeightAudit audit) {
        this.registry = registry;
        this.fetcher = fetcher;
        this.audit = audit;
    }

    public static CheckpointResolver fromEnvironment(Registry registry) {
        HubSettings s = HubSettings.fromEnvironment();
        return new CheckpointResolver(registry, new SnapshotFetcher(new HubClient(s)), new WeightAudit(s.assetsDir()));
    }

    public ResolvedCheckpoint resolve(String spec, String revision) throws IOException {
        return resolve(spec, revision, WeightFormat.AUTO);
    }

    public ResolvedCheckpoint resolve(String spec, String revision, WeightFormat format) throws IOException {
        CheckpointSpec parsed = CheckpointSpec.parse(spec, registry);
        if (parsed instanceof CheckpointSpec.Folder f) {
            if (!Files.isDirectory(f.dir())) throw new UserException("checkpoint folder " + spec + " does not exist");
            if (!Files.isRegularFile(f.dir().resolve(WeightFiles.CONFIG))) {
                throw new UserException(f.dir() + " exists but has no config.json, so it is not a checkpoint folder");
            }
            return local(f.dir().toAbsolutePath().normalize(), format, revision);
        }
        String rev = revision;
        if (parsed.revision() != null) {
            if (rev != null && !rev.equals(parsed.revision()))
                throw new UserException("'" + spec + "' names revision " + parsed.revision() + " but --revision says " + rev);
            rev = parsed.revision();
        }
        if (rev == null || rev.isBlank()) rev = "main";

        List<String> extra = new ArrayList<>();
        RepoId repo;
        if (parsed instanceof CheckpointSpec.Alias a) {
            ModelAlias alias = a.alias();
            repo = RepoId.parse(alias.repo());
            extra.add(alias.tokenizer().file());
            if (rev.matches("\\d+")) rev = alias.revision(rev, fetcher.hub()).name();
        } else {
            repo = RepoId.parse(((CheckpointSpec.HubRepo) parsed).repo());
        }
        Snapshot snap = fetcher.fetch(repo, rev, format, extra);
        RevisionDigest d = audit.digest(fetcher.hub().cache(), snap, false);
        return new ResolvedCheckpoint(snap.dir(), repo.toString(), rev, snap.commit(), snap.weightFiles(), d.weightSha256());
    }

    /**
     * A local HF-format folder as a checkpoint: its weight files (the single file, or the shards its index names) and
     * their sha256. {@code revision} null: the folder's name.
     */
    public static ResolvedCheckpoint local(Path dir, WeightFormat format, String revision) throws IOException {
        List<String> present;
        try (Stream<Path> s = Files.list(dir)) {
            present = s.map(p -> p.getFileName().toString()).toList();
        }
        String primary = WeightFiles.primary(present, format).orElseThrow(() -> new UserException(dir
                + " has config.json but no weights (model.safetensors, pytorch_model.bin or a sharded index)"));
        List<String> weights = new ArrayList<>();
        if (WeightFiles.isIndex(primary)) {
            for (String shard : WeightFiles.shards(dir.resolve(primary))) {
                if (!Files.isRegularFile(dir.resolve(shard)))
                    throw new UserException(dir.resolve(primary) + " names shard " + shard + ", which is not in " + dir);
                weights.add(shard);
            }
        } else {
            weights.add(primary);
        }
        RevisionDigest d = WeightAudit.digestFolder(dir, weights);
        return new ResolvedCheckpoint(dir, null, revision != null ? revision : dir.getFileName().toString(), null, weights, d.weightSha256());
    }
}
