package org.w2sg.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w2sg.io.AtomicFiles;
import org.w2sg.io.Sha256;

/**
 * Integrity audit: the sha256 of every weight file per revision, recorded once per commit in huggingface_hub's
 * assets folder ({@code ASSETS/w2sg-harness/models--ORG--NAME/weights-sha256/COMMIT.json}), and the grouping that
 * finds revisions whose weights are byte-identical (Pythia has branches that serve one checkpoint under several step
 * names).
 */
public final class WeightAudit {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path assets;

    public WeightAudit(Path assetsDir) {
        this.assets = assetsDir.resolve("w2sg-harness");
    }

    public Path recordPath(RepoId repo, String commit) {
        return assets.resolve(repo.cacheFolderName()).resolve("weights-sha256").resolve(commit + ".json");
    }

    /**
     * The digest of a cached snapshot: read from its record when there is one, else computed and recorded. Blobs that
     * huggingface_hub names by sha256 (LFS files, verified when this harness downloaded them) are trusted by name
     * unless {@code verify}, which rereads every byte.
     */
    public RevisionDigest digest(HubCache cache, Snapshot s, boolean verify) throws IOException {
        Path record = recordPath(s.repo(), s.commit());
        if (!verify && Files.isRegularFile(record)) {
            JsonNode root = JSON.readTree(record.toFile());
            Map<String, String> files = new LinkedHashMap<>();
            root.path("weights").properties().forEach(e -> files.put(e.getKey(), e.getValue().asText()));
            if (files.keySet().containsAll(s.weightFiles())) return new RevisionDigest(s.revision(), s.commit(), files);
        }
        Map<String, String> files = new LinkedHashMap<>();
        for (String f : s.weightFiles()) {
            Path blob = cache.blobOf(s.repo(), s.commit(), f);
            String name = blob == null ? "" : blob.getFileName().toString();
            files.put(f, !verify && name.matches("[0-9a-f]{64}") ? name : Sha256.of(s.dir().resolve(f)));
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("repo", s.repo().toString());
        root.put("commit", s.commit());
        ObjectNode w = root.putObject("weights");
        files.forEach(w::put);
        AtomicFiles.writeString(record, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        return new RevisionDigest(s.revision(), s.commit(), files);
    }

    /** sha256 of the weight files of a local checkpoint folder (not recorded: a folder can change). */
    public static RevisionDigest digestFolder(Path dir, List<String> weightFiles) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        for (String f : weightFiles) files.put(f, Sha256.of(dir.resolve(f)));
        return new RevisionDigest(dir.getFileName().toString(), null, files);
    }

    /** Groups of two or more revisions whose weights are byte-identical, in the order first seen. */
    public static List<List<RevisionDigest>> duplicates(List<RevisionDigest> digests) {
        Map<String, List<RevisionDigest>> byPrint = new LinkedHashMap<>();
        for (RevisionDigest d : digests) byPrint.computeIfAbsent(d.fingerprint(), k -> new ArrayList<>()).add(d);
        return byPrint.values().stream().filter(g -> g.size() > 1).toList();
    }
}
