package org.w2sg.sweep;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import me.tongfei.progressbar.ProgressBar;
import org.w2sg.registry.Revision;
import org.w2sg.run.CheckpointIdentity;
import org.w2sg.run.CheckpointLog;
import org.w2sg.run.Invocation;
import org.w2sg.run.Ledger;
import org.w2sg.run.RunFolder;
import org.w2sg.run.RunIdentities;
import org.w2sg.run.RunLock;
import org.w2sg.run.RunSettings;
import org.w2sg.run.Shard;
import org.w2sg.run.Unit;
import org.w2sg.run.UnitResult;

/**
 * The ledger loop of a sweep: runs one process's share of a plan, revision by revision, skipping the units the ledger
 * already holds and recording each finished unit the moment it is done, so a kill loses at most the unit in flight.
 * What a unit measures comes from {@link Revisions} ({@link W2sRevisions} in a sweep, stand-ins in tests).
 */
public final class LedgerLoop {
    private LedgerLoop() {}

    /** What the loop asks of the science: one revision made ready for its units. Tests give a stand-in. */
    public interface Revisions {
        /** Makes one revision ready (resolve, download, load or read cached activations) for the given units. */
        OpenRevision open(Revision revision, List<Unit> units) throws IOException;

        /** The revisions the loop is about to open, in order (a Hub source downloads the next while one computes). */
        default void upcoming(List<Revision> order) {}
    }

    /** One revision of the strong model, open for its units. */
    public interface OpenRevision extends AutoCloseable {
        /** What identifies the checkpoint's weights (commit, file hashes), for run.json. */
        Map<String, Object> provenance();

        UnitResult measure(Unit unit) throws IOException;

        /** Releases the model and, unless weights are kept, its downloaded files. */
        @Override
        void close() throws IOException;
    }

    /**
     * How the loop reports: {@code invocation} is recorded for run.json once the folder is claimed (null: nothing),
     * {@code afterUnit} sees each unit once it is in the ledger (tests use it to stop a run part-way).
     */
    public record Bookkeeping(PrintStream log, boolean progressBars, Map<String, Object> invocation,
                              Consumer<UnitResult> afterUnit) {}

    /**
     * The checkpoints a run folder is bound to: those the pre-flight found ({@code planned}), each strong revision's
     * asked again once it is open (a Hub revision's commit is known then) and the weak supervisors' (null: label
     * noise, nothing to bind).
     */
    public record Identities(List<CheckpointIdentity> planned, IdentityOf strong, WeakIdentity weak) {
        public static final Identities NONE = new Identities(List.of(), null, null);
    }

    /** A strong revision's identity, computed cheaply when asked. */
    @FunctionalInterface
    public interface IdentityOf {
        CheckpointIdentity of(Revision revision) throws IOException;
    }

    /** The weak supervisors' checkpoint identities (none for label noise), computed cheaply when asked. */
    @FunctionalInterface
    public interface WeakIdentity {
        List<CheckpointIdentity> get() throws IOException;
    }

    public static Sweep.Outcome runPlan(RunFolder folder, RunSettings settings, Shard shard, Plan plan, Revisions revisions,
                                  Bookkeeping how) throws IOException {
        return runPlan(folder, settings, shard, plan, revisions, how, Identities.NONE);
    }

    /**
     * Runs this process's share of a plan: checks the folder's settings and checkpoints (writing nothing), takes the
     * shard's lock, skips the units the ledger already holds, and records each finished unit the moment it is done.
     * The folder is bound to the settings, the weak supervisor and each revision's checkpoint when their first unit is
     * recorded, so a run that fails earlier leaves nothing that binds it (and a failed start removes its locks).
     */
    public static Sweep.Outcome runPlan(RunFolder folder, RunSettings settings, Shard shard, Plan plan, Revisions revisions,
                                  Bookkeeping how, Identities ids) throws IOException {
        boolean bound = false;
        boolean locked = false;
        int ran = 0;
        try {
            try (RunLock ignored = RunLock.folder(folder.dir())) {
                folder.check(settings);
                RunIdentities.verify(folder.dir(), ids.planned());
            }
            plan = plan.named(settings.weak());
            Plan mine = plan.forShard(shard);
            int already;
            Ledger ledger = null;
            try (RunLock ignored = RunLock.shard(folder.dir(), shard)) {
                locked = true;
                List<UnitResult> earlier = folder.results();
                Plan todo = mine.without(earlier.stream().map(r -> r.unit().key()).collect(Collectors.toSet()));
                already = mine.size() - todo.size();
                how.log().printf(Locale.ROOT, "%s%s: %d units (revision x dataset x layer x seed x weak supervisor), %d "
                        + "already done, %d "
                        + "to run%n", settings.model(), shard.isAll() ? "" : " shard " + shard, mine.size(), already,
                        todo.size());
                Map<String, List<Unit>> byRevision = todo.byRevision();
                revisions.upcoming(byRevision.values().stream().map(us -> revisionOf(us.get(0))).toList());
                try (ProgressBar bar = how.progressBars() && !byRevision.isEmpty() ? checkpointBar(byRevision.size())
                        : null) {
                    for (List<Unit> units : byRevision.values()) {
                        Revision revision = revisionOf(units.get(0));
                        List<UnitResult> finished = new ArrayList<>();
                        try (OpenRevision open = revisions.open(revision, units)) {
                            // the revision's identity, now that it is open: refused before any of its units is recorded
                            CheckpointIdentity id = ids.strong() == null ? null : ids.strong().of(revision);
                            if (id != null) RunIdentities.verify(folder.dir(), List.of(id));
                            for (Unit u : units) {
                                UnitResult r = open.measure(u);
                                if (!bound) {
                                    bind(folder, settings, shard, how, ids);
                                    bound = true;
                                }
                                if (ledger == null) ledger = Ledger.openForAppend(folder.dir(), shard);
                                if (finished.isEmpty()) {
                                    if (id != null) RunIdentities.bind(folder.dir(), id);
                                    CheckpointLog.record(folder.dir(), revision.name(), open.provenance());
                                }
                                ledger.append(r);
                                finished.add(r);
                                ran++;
                                how.afterUnit().accept(r);
                            }
                        }
                        // a resumed revision's line covers its seeds from earlier processes too
                        List<UnitResult> revisionResults = new ArrayList<>();
                        for (UnitResult r : earlier) if (r.unit().revision().equals(revision.name())) revisionResults.add(r);
                        revisionResults.addAll(finished);
                        for (String line : RevisionLines.of(revisionResults)) how.log().println(line);
                        if (bar != null) bar.step();
                    }
                }
            } finally {
                if (ledger != null) ledger.close();
            }
            int missing = plan.without(doneKeys(folder)).size();
            return new Sweep.Outcome(mine.size(), already, ran, missing);
        } catch (IOException | RuntimeException | Error e) {
            if (!bound && !Files.exists(folder.config())) removeWhatAFailedStartWrote(folder, shard, locked);
            throw e;
        }
    }

    /** The first unit is done: the folder now belongs to these settings, this weak supervisor and this process. */
    private static void bind(RunFolder folder, RunSettings settings, Shard shard, Bookkeeping how, Identities ids)
            throws IOException {
        try (RunLock ignored = RunLock.folder(folder.dir())) {
            folder.claim(settings);
            if (ids.weak() != null) for (CheckpointIdentity w : ids.weak().get()) RunIdentities.bind(folder.dir(), w);
        }
        if (how.invocation() != null) Invocation.record(folder.dir(), shard, invocationRecord(shard, how.invocation()));
    }

    /**
     * A run that failed before recording any unit, in a folder no run is bound to, leaves no trace: its lock files go,
     * and so does every folder left empty (activations it already extracted stay in the store for the next run; another
     * process's files are never touched).
     */
    private static void removeWhatAFailedStartWrote(RunFolder folder, Shard shard, boolean heldShardLock) {
        try {
            Path ledgerDir = Ledger.directory(folder.dir());
            if (heldShardLock) Files.deleteIfExists(ledgerDir.resolve(".lock-" + shard.tag()));
            if (Files.isDirectory(ledgerDir)) {
                boolean otherLocks;
                try (var s = Files.list(ledgerDir)) {
                    otherLocks = s.anyMatch(p -> p.getFileName().toString().startsWith(".lock-")
                            && !p.getFileName().toString().equals(".lock-folder"));
                }
                if (!otherLocks) Files.deleteIfExists(ledgerDir.resolve(".lock-folder"));
            }
            removeEmptyFolders(folder.dir());
        } catch (IOException | RuntimeException ignored) {
            // best effort: the error being reported matters more
        }
    }

    private static void removeEmptyFolders(Path dir) throws IOException {
        if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) removeEmptyFolders(p);
        }
        try (var s = Files.list(dir)) {
            if (s.findAny().isEmpty()) Files.delete(dir);
        }
    }

    private static Revision revisionOf(Unit u) {
        return new Revision(u.revision(), u.step(), u.tokens());
    }

    private static Set<String> doneKeys(RunFolder folder) throws IOException {
        return folder.results().stream().map(r -> r.unit().key()).collect(Collectors.toSet());
    }

    private static Map<String, Object> invocationRecord(Shard shard, Map<String, Object> options) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("shard", shard.toString());
        m.put("started", java.time.Instant.now().toString());
        m.put("host", hostName());
        m.putAll(options);
        return m;
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "";
        }
    }

    private static ProgressBar checkpointBar(int revisions) {
        return org.w2sg.io.ProgressBars.builder("checkpoints").setInitialMax(revisions).setUnit(" rev", 1).build();
    }
}
