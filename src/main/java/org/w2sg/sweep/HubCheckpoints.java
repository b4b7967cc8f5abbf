package org.w2sg.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w2sg.errors.UserException;
import org.w2sg.hub.DiskBudget;
import org.w2sg.hub.HubClient;
import org.w2sg.hub.Prefetcher;
import org.w2sg.hub.RepoId;
import org.w2sg.hub.RevisionDigest;
import org.w2sg.hub.Snapshot;
import org.w2sg.hub.SnapshotFetcher;
import org.w2sg.hub.WeightAudit;
import org.w2sg.hub.WeightFormat;
import org.w2sg.model.HfConfig;
import org.w2sg.registry.ModelAlias;
import org.w2sg.registry.Revision;
import org.w2sg.registry.RevisionScheme;
import org.w2sg.run.CheckpointIdentity;
import org.w2sg.run.CheckpointLog;

/**
 * A model on the Hugging Face Hub (a registry alias, or any ORG/NAME) as the sweep walks it: opening a revision
 * fetches it into the Hugging Face cache (a no-op when it is there) and starts downloading the plan's next revision in
 * the background; closing it deletes its weight files once its units are done, unless the user keeps them.
 */
public final class HubCheckpoints implements CheckpointSource, AutoCloseable {
    private final String name;
    private final RepoId repo;
    private final ModelAlias alias;
    private final HubClient hub;
    private final Prefetcher prefetcher;
    private final WeightAudit audit;
    private final DiskBudget disk;
    private final boolean keepWeights;
    private final long tokensPerStep;
    private List<Revision> prefetchOrder = List.of();
    private List<Revision> revisions;

    /** @param alias the registry entry, or null for a repo the registry does not know */
    public HubCheckpoints(String name, RepoId repo, ModelAlias alias, HubClient hub, boolean keepWeights) {
        this(name, repo, alias, hub, keepWeights, 0);
    }

    /**
     * @param tokensPerStep tokens per optimizer step, for a repo whose revision names give steps but not tokens (0:
     *                      the names must say)
     */
    public HubCheckpoints(String name, RepoId repo, ModelAlias alias, HubClient hub, boolean keepWeights,
                          long tokensPerStep) {
        this.tokensPerStep = tokensPerStep;
        this.name = name;
        this.repo = repo;
        this.alias = alias;
        this.hub = hub;
        this.prefetcher = new Prefetcher(new SnapshotFetcher(hub));
        this.audit = new WeightAudit(hub.settings().assetsDir());
        this.disk = new DiskBudget(hub.cache());
        this.keepWeights = keepWeights;
    }

    /** The revisions the sweep will open, in order, so each open can start the next download. */
    @Override
    public void upcoming(List<Revision> order) {
        this.prefetchOrder = List.copyOf(order);
    }

    /** The registry entry, or null for a repo the registry does not know. */
    public ModelAlias alias() {
        return alias;
    }

    @Override
    public String model() {
        return name;
    }

    @Override
    public List<Revision> revisions() throws IOException {
        if (revisions != null) return revisions;
        if (alias != null) {
            revisions = alias.revisions(hub);
        } else {
            List<Revision> out = new ArrayList<>();
            for (String b : hub.branches(repo.toString())) {
                Revision r = RevisionScheme.parseLoose(b);
                if (r.step() >= 0 && r.tokens() < 0 && tokensPerStep > 0) {
                    r = new Revision(r.name(), r.step(), r.step() * tokensPerStep);
                }
                if (r.step() >= 0) out.add(r);
            }
            if (out.isEmpty()) {
                throw new UserException(repo + " has no branches named like step1000 (it has "
                        + hub.branches(repo.toString()) + "): sweep a registry alias, or add the model to checkpoints.yaml "
                        + "with its revision pattern");
            }
            out.sort(null);
            revisions = out;
        }
        return revisions;
    }

    @Override
    public int numLayers() throws IOException {
        if (alias != null) return alias.numLayers();
        Path config = hub.download(repo, revisions().getLast().name(), "config.json");
        return HfConfig.read(config.getParent()).requireInt("num_hidden_layers");
    }

    @Override
    public java.util.OptionalLong blockParameters() {
        if (alias == null || !(alias.config().get("intermediate_size") instanceof Number i)) {
            return java.util.OptionalLong.empty();
        }
        return java.util.OptionalLong.of(CheckpointSource.blockParameters(alias.numLayers(), alias.hiddenSize(),
                i.longValue()));
    }

    /** The repo and, when the cache has resolved the revision before, its commit (no request to the Hub). */
    @Override
    public CheckpointIdentity identity(String role, Revision revision) throws IOException {
        return CheckpointIdentity.hub(role, revision.name(), repo.toString(),
                hub.cache().commitOf(repo, revision.name()).orElse(null));
    }

    /** Offline: the revision unless the cache holds its config.json and a complete set of weights. */
    @Override
    public java.util.Optional<String> unavailable(Revision revision) throws IOException {
        if (!hub.settings().offline()) return java.util.Optional.empty();
        var cache = hub.cache();
        String commit = cache.commitOf(repo, revision.name()).orElse(null);
        boolean complete = false;
        if (commit != null) {
            List<String> present = cache.snapshotFiles(repo, commit);
            var primary = org.w2sg.hub.WeightFiles.primary(present, WeightFormat.AUTO);
            complete = present.contains(org.w2sg.hub.WeightFiles.CONFIG) && primary.isPresent();
            if (complete && org.w2sg.hub.WeightFiles.isIndex(primary.get())) {
                complete = present.containsAll(org.w2sg.hub.WeightFiles.shards(
                        cache.snapshotFile(repo, commit, primary.get())));
            }
        }
        return complete ? java.util.Optional.empty() : java.util.Optional.of(repo + "@" + revision.name());
    }

    private List<String> extraFiles() {
        return alias != null ? List.of(alias.tokenizer().file()) : List.of("tokenizer.json");
    }

    @Override
    public Opened open(Revision revision) throws IOException {
        Snapshot snapshot = prefetcher.get(repo, revision.name(), WeightFormat.AUTO, extraFiles());
        int i = prefetchOrder.indexOf(revision);
        if (i >= 0 && i + 1 < prefetchOrder.size()) {
            prefetcher.prefetch(repo, prefetchOrder.get(i + 1).name(), WeightFormat.AUTO, extraFiles());
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("revision", revision.name());
        p.put("step", revision.step());
        p.put("tokens", revision.tokens());
        p.put("source", "hub");
        p.put("repo", repo.toString());
        p.put("commit", snapshot.commit());
        RevisionDigest digest = audit.digest(hub.cache(), snapshot, false);
        p.put("files_sha256", digest.weightSha256());
        p.put(CheckpointLog.WEIGHTS_FINGERPRINT, digest.fingerprint());
        return new Opened() {
            @Override
            public Path dir() {
                return snapshot.dir();
            }

            @Override
            public Map<String, Object> provenance() {
                return p;
            }

            @Override
            public void close() throws IOException {
                if (!keepWeights) disk.releaseWeights(snapshot);
            }
        };
    }

    @Override
    public void close() {
        prefetcher.close();
    }
}
