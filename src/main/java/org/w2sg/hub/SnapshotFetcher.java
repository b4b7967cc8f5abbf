package org.w2sg.hub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Puts one checkpoint revision into the cache: picks the weight files the revision really has, then fetches them
 * with config.json and the tokenizer files, all pinned to the revision's commit. Offline, it checks that the cached
 * snapshot is complete and names everything that is missing.
 */
public final class SnapshotFetcher {
    private final HubClient hub;

    public SnapshotFetcher(HubClient hub) {
        this.hub = hub;
    }

    public HubClient hub() {
        return hub;
    }

    /** @param extraFiles files to fetch as well when the revision has them (e.g. the registry's tokenizer file) */
    public Snapshot fetch(RepoId repo, String revision, WeightFormat format, List<String> extraFiles) throws IOException {
        return hub.settings().offline() ? fromCache(repo, revision, format) : download(repo, revision, format, extraFiles);
    }

    public Snapshot fetch(RepoId repo, String revision) throws IOException {
        return fetch(repo, revision, WeightFormat.AUTO, List.of());
    }

    private Snapshot download(RepoId repo, String revision, WeightFormat format, List<String> extraFiles) throws IOException {
        RevisionInfo info = hub.revisionInfo(repo, revision);
        String commit = info.commit();
        hub.cache().writeRef(repo, revision, commit);
        String where = repo + "@" + revision;
        if (!info.files().contains(WeightFiles.CONFIG))
            throw new HubException(where + " has no config.json; files: " + WeightFiles.describe(info.files()));
        String primary = WeightFiles.primary(info.files(), format).orElseThrow(() -> new HubException(where
                + " has no " + (format == WeightFormat.AUTO ? "" : format.name().toLowerCase() + " ")
                + "weights (model.safetensors, pytorch_model.bin or a sharded index); files: " + WeightFiles.describe(info.files())));
        Set<String> wanted = new LinkedHashSet<>();
        wanted.add(WeightFiles.CONFIG);
        for (String f : WeightFiles.COMPANIONS) if (info.files().contains(f)) wanted.add(f);
        for (String f : extraFiles) if (info.files().contains(f)) wanted.add(f);
        for (String f : wanted) hub.downloadPinned(repo, commit, revision, f);
        List<String> weights = new ArrayList<>();
        List<String> files = new ArrayList<>(wanted);
        Path first = hub.downloadPinned(repo, commit, revision, primary);
        files.add(primary);
        if (WeightFiles.isIndex(primary)) {
            List<String> shards = WeightFiles.shards(first, where + ": " + primary);
            for (String s : shards)
                if (!info.files().contains(s))
                    throw new HubException(where + ": " + primary + " names shard " + s + ", which the revision does not have");
            for (String s : shards) hub.downloadPinned(repo, commit, revision, s);
            weights.addAll(shards);
            files.addAll(shards);
        } else {
            weights.add(primary);
        }
        return new Snapshot(repo, revision, commit, hub.cache().snapshotDir(repo, commit), weights, files);
    }

    private Snapshot fromCache(RepoId repo, String revision, WeightFormat format) throws IOException {
        HubCache cache = hub.cache();
        String commit = cache.commitOf(repo, revision).orElse(null);
        List<String> refs = cache.cachedRefs(repo);
        if (commit == null || !Files.isDirectory(cache.snapshotDir(repo, commit)))
            throw new HubException("offline (HF_HUB_OFFLINE=1): " + repo + "@" + revision + " is not in the cache "
                    + cache.repoDir(repo) + "; cached revisions: " + (refs.isEmpty() ? "none" : String.join(", ", refs))
                    + ". Run 'harness download --model " + repo + " --steps " + revision + "' where the Hub is reachable");
        List<String> present = cache.snapshotFiles(repo, commit);
        List<String> missing = new ArrayList<>();
        if (!present.contains(WeightFiles.CONFIG)) missing.add(WeightFiles.CONFIG);
        List<String> weights = new ArrayList<>();
        String primary = WeightFiles.primary(present, format).orElse(null);
        if (primary == null) {
            missing.add(format == WeightFormat.BIN ? "pytorch_model.bin (or its index)" : format == WeightFormat.SAFETENSORS
                    ? "model.safetensors (or its index)" : "weights (model.safetensors, pytorch_model.bin or an index)");
        } else if (WeightFiles.isIndex(primary)) {
            for (String s : WeightFiles.shards(cache.snapshotFile(repo, commit, primary))) {
                if (present.contains(s)) weights.add(s);
                else missing.add(s);
            }
        } else {
            weights.add(primary);
        }
        if (!missing.isEmpty())
            throw new HubException("offline (HF_HUB_OFFLINE=1): the cached " + repo + "@" + revision + " (commit " + commit
                    + ") is incomplete; missing: " + String.join(", ", missing) + ". Run 'harness download' for it where the Hub is reachable");
        return new Snapshot(repo, revision, commit, cache.snapshotDir(repo, commit), weights, present);
    }
}
