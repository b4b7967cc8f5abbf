package org.w2sg.hub;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Downloads the next revision in the background while the current one computes: {@link #prefetch} queues a fetch on
 * one daemon thread, {@link #get} waits for it (or fetches directly when nothing was queued).
 */
public final class Prefetcher implements AutoCloseable {
    private final SnapshotFetcher fetcher;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hub-prefetch");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Future<Snapshot>> pending = new ConcurrentHashMap<>();

    public Prefetcher(SnapshotFetcher fetcher) {
        this.fetcher = fetcher;
    }

    public void prefetch(RepoId repo, String revision, WeightFormat format, List<String> extraFiles) {
        pending.computeIfAbsent(key(repo, revision, format),
                k -> worker.submit(() -> fetcher.fetch(repo, revision, format, extraFiles)));
    }

    public Snapshot get(RepoId repo, String revision, WeightFormat format, List<String> extraFiles) throws IOException {
        Future<Snapshot> f = pending.remove(key(repo, revision, format));
        if (f == null) return fetcher.fetch(repo, revision, format, extraFiles);
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + repo + "@" + revision);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IOException(e.getCause());
        }
    }

    private static String key(RepoId repo, String revision, WeightFormat format) {
        return repo + "@" + revision + "#" + format;
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
