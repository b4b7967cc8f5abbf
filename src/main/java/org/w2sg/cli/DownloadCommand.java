package org.w2sg.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.w2sg.errors.UserException;
import org.w2sg.hub.HubClient;
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

@Command(name = "download", mixinStandardHelpOptions = true,
        description = {"Prefetches revisions into the Hugging Face cache (HF_HUB_CACHE / HF_HOME), e.g. on a login node "
                + "before an offline (HF_HUB_OFFLINE=1) run on compute nodes.",
                "Takes config.json, the tokenizer files and one set of weights per revision; resumes partial "
                        + "downloads, verifies LFS files by sha256, and records their sha256 for 'harness audit'."})
public final class DownloadCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "MODEL", description = "Alias from checkpoints.yaml, or ORG/NAME.")
    String model;

    @Option(names = "--weak", paramLabel = "MODEL@REV[,...]", description = "Weak supervisors' checkpoints to fetch as "
            + "well, separated by ',' (alias or ORG/NAME at a revision, e.g. pythia-70m@step143000; a :LAYER suffix is "
            + "ignored, label noise needs nothing).")
    String weak;

    @Option(names = "--datasets", split = ",", paramLabel = "NAME",
            description = "Datasets whose files to fetch into the cache as well (built-in card names or card files), "
                    + "for an offline sweep; comma-separated.")
    List<String> datasets = new ArrayList<>();

    @Option(names = "--steps", paramLabel = "SPEC",
            description = "Revisions: a list (step1000,step2000 or 1000,2000), START:END:STRIDE, log:N, or all (the default when no --revision is given).")
    String steps;

    @Option(names = "--revision", paramLabel = "REV", description = "A revision (branch, tag or commit) to fetch as well; repeatable.")
    List<String> revisions = new ArrayList<>();

    @Option(names = "--weights", paramLabel = "FORMAT", defaultValue = "auto",
            description = "Which weights when a revision has several: auto (safetensors first), safetensors, bin.")
    String weights;

    @Mixin
    RegistryOption registry;

    @Spec
    CommandSpec spec;

    /** Tests inject a loopback Hub here; by default the environment decides. */
    HubSettings settings;

    @Override
    public Integer call() throws Exception {
        HubSettings s = settings != null ? settings : HubSettings.fromEnvironment();
        HubClient hub = new HubClient(s);
        PrintWriter out = spec.commandLine().getOut();
        if (model == null && weak == null && datasets.isEmpty()) {
            throw new UserException("nothing to download: give --model (with --steps or --revision), --weak or --datasets");
        }
        var reg = registry.load();
        if (model != null) fetch(hub, s, CheckpointSelection.of(reg, model, steps, revisions, hub), out);
        for (String one : weak == null ? new String[0] : weak.split(",")) {
            if (org.w2sg.probe.WeakSupervisors.parseNoisyGold(one.trim()).isPresent()
                    || org.w2sg.probe.WeakSupervisors.parseStructuredNoise(one.trim()).isPresent()) continue;
            String spec = one.trim().replaceFirst(":\\d+$", "");
            int at = spec.lastIndexOf('@');
            if (at <= 0 || at == spec.length() - 1) {
                throw new UserException("--weak " + one + ": give the revision too, e.g. --weak pythia-70m@step143000");
            }
            fetch(hub, s, CheckpointSelection.of(reg, spec.substring(0, at), null, List.of(spec.substring(at + 1)), hub), out);
        }
        if (!datasets.isEmpty()) {
            var loader = new org.w2sg.data.DatasetLoader(dataDir != null ? dataDir : org.w2sg.io.SharedDir.data(),
                    new org.w2sg.data.DataDownloader(hub));
            for (String d : datasets) {
                var ds = loader.load(d);
                out.printf("dataset %s: %d train-pool and %d test examples available%n", d, ds.trainPool().size(),
                        ds.testSet().size());
                out.flush();
            }
        }
        return 0;
    }

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "With --datasets: the data folder the sweep will read (default: the shared folder's data/).")
    java.nio.file.Path dataDir;

    private void fetch(HubClient hub, HubSettings s, CheckpointSelection sel, PrintWriter out) throws Exception {
        SnapshotFetcher fetcher = new SnapshotFetcher(hub);
        WeightAudit audit = new WeightAudit(s.assetsDir());
        WeightFormat format = org.w2sg.hub.WeightFiles.parseFormat(weights);
        out.printf("%s: %d revision(s) into %s%n", sel.repo(), sel.revisions().size(), s.cacheDir());
        long total = 0;
        for (Revision r : sel.revisions()) {
            Snapshot snap = fetcher.fetch(sel.repo(), r.name(), format, sel.extraFiles());
            RevisionDigest d = audit.digest(hub.cache(), snap, false);
            long bytes = 0;
            for (String f : snap.weightFiles()) bytes += Files.size(snap.dir().resolve(f));
            total += bytes;
            out.printf("%-34s %s  %d weight file(s), %.1f MiB, weights %s%n", r.name(), snap.commit(),
                    snap.weightFiles().size(), bytes / 1048576.0, d.fingerprint().substring(0, 12));
            out.flush();
        }
        out.printf("done: %.1f MiB of weights in %s%n", total / 1048576.0, hub.cache().repoDir(sel.repo()));
        out.flush();
    }
}
