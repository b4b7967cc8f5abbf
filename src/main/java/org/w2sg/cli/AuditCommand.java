package org.w2sg.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.w2sg.hub.HubClient;
import org.w2sg.hub.HubException;
import org.w2sg.hub.HubSettings;
import org.w2sg.hub.RevisionDigest;
import org.w2sg.hub.Snapshot;
import org.w2sg.hub.SnapshotFetcher;
import org.w2sg.hub.WeightAudit;
import org.w2sg.registry.Revision;
import org.w2sg.hub.WeightFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Finds revisions whose weights are byte-identical to another revision's (Pythia has branches that "
                + "serve one checkpoint under several step names).",
                "Audits the revisions in the local cache (nothing is downloaded unless --download); the sha256 of every "
                        + "weight file is recorded per commit in the Hugging Face assets folder."})
public final class AuditCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Alias from checkpoints.yaml, or ORG/NAME.")
    String model;

    @Option(names = "--steps", paramLabel = "SPEC", defaultValue = "all",
            description = "Revisions to audit: a list, START:END:STRIDE, log:N, or all (default).")
    String steps;

    @Option(names = "--download", description = "Fetch revisions that are not in the cache (default: skip them).")
    boolean download;

    @Option(names = "--verify", description = "Reread every byte instead of trusting sha256-named LFS blobs and earlier records.")
    boolean verify;

    @Option(names = "--csv", description = "Write CSV (revision,step,commit,weights_sha256,identical_to).")
    boolean csv;

    @Mixin
    RegistryOption registry;

    @Spec
    CommandSpec spec;

    HubSettings settings;

    @Override
    public Integer call() throws Exception {
        HubSettings s = settings != null ? settings : HubSettings.fromEnvironment();
        HubClient online = new HubClient(s);
        HubClient cacheOnly = new HubClient(s.withOffline(true));
        // revision names come from the Hub (OLMo refs) unless we are offline or only auditing the cache
        CheckpointSelection sel = CheckpointSelection.of(registry.load(), model, steps, List.of(),
                s.offline() || !download ? repo -> cachedBranches(cacheOnly, repo) : online);
        SnapshotFetcher fetcher = new SnapshotFetcher(download ? online : cacheOnly);
        WeightAudit audit = new WeightAudit(s.assetsDir());
        List<RevisionDigest> digests = new ArrayList<>();
        Map<String, Revision> byName = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        for (Revision r : sel.revisions()) {
            try {
                Snapshot snap = fetcher.fetch(sel.repo(), r.name(), WeightFormat.AUTO, sel.extraFiles());
                digests.add(audit.digest(online.cache(), snap, verify));
                byName.put(r.name(), r);
            } catch (HubException e) {
                if (download) throw e;
                skipped.add(r.name());
            }
        }
        Map<String, String> identicalTo = new LinkedHashMap<>();
        List<List<RevisionDigest>> groups = WeightAudit.duplicates(digests);
        for (List<RevisionDigest> g : groups)
            for (RevisionDigest d : g.subList(1, g.size())) identicalTo.put(d.revision(), g.getFirst().revision());
        PrintWriter out = spec.commandLine().getOut();
        if (csv) {
            out.println("revision,step,commit,weights_sha256,identical_to");
            for (RevisionDigest d : digests)
                out.println(d.revision() + "," + byName.get(d.revision()).step() + "," + d.commit() + "," + d.fingerprint()
                        + "," + identicalTo.getOrDefault(d.revision(), ""));
        } else {
            out.printf("%s: audited %d revision(s)%s%n", sel.repo(), digests.size(),
                    skipped.isEmpty() ? "" : "; " + skipped.size() + " not in the cache (use --download): " + abbreviate(skipped));
            if (digests.size() < 2) {
                out.println("nothing to compare: fewer than two revisions audited (download them first, or add --download)");
            } else if (groups.isEmpty()) {
                out.println("no two of these revisions have byte-identical weights");
            }
            for (List<RevisionDigest> g : groups)
                out.println("byte-identical weights: " + String.join(" = ", g.stream()
                        .map(d -> d.revision() + " (" + d.commit().substring(0, 8) + ")").toList())
                        + "  sha256 " + g.getFirst().fingerprint().substring(0, 16));
        }
        out.flush();
        return 0;
    }

    private static List<String> cachedBranches(HubClient cacheOnly, String repo) throws java.io.IOException {
        try {
            return cacheOnly.branches(repo);
        } catch (HubException e) {
            return List.of();
        }
    }

    private static String abbreviate(List<String> names) {
        return names.size() <= 6 ? String.join(", ", names) : String.join(", ", names.subList(0, 6)) + " …";
    }
}
