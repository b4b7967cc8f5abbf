package org.w2sg.hub;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.w2sg.io.AtomicFiles;

/**
 * The huggingface_hub cache layout, so that Python and the harness share one cache:
 * <pre>
 * CACHE/models--ORG--NAME/blobs/ETAG                 file contents, named by ETag (the sha256 for LFS files)
 *                        /blobs/ETAG.incomplete      a download in progress (resumed with a Range request)
 *                        /snapshots/COMMIT/FILE      relative symlink to ../../blobs/ETAG
 *                        /refs/REVISION              the commit the revision (branch) pointed at
 * CACHE/.locks/models--ORG--NAME/ETAG.lock           one writer per blob
 * </pre>
 */
public final class HubCache {
    private final Path root;
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    public HubCache(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public Path repoDir(RepoId repo) {
        return root.resolve(repo.cacheFolderName());
    }

    public Path blob(RepoId repo, String etag) {
        return repoDir(repo).resolve("blobs").resolve(etag);
    }

    public Path incomplete(RepoId repo, String etag) {
        return repoDir(repo).resolve("blobs").resolve(etag + ".incomplete");
    }

    public Path snapshotDir(RepoId repo, String commit) {
        return repoDir(repo).resolve("snapshots").resolve(commit);
    }

    public Path snapshotFile(RepoId repo, String commit, String file) {
        return snapshotDir(repo, commit).resolve(file);
    }

    static boolean isCommitHash(String revision) {
        return revision.matches("[0-9a-f]{40}");
    }

    /** The commit a revision resolves to in the cache: itself for a commit hash, else the content of refs/REV. */
    public Optional<String> commitOf(RepoId repo, String revision) throws IOException {
        if (isCommitHash(revision)) return Optional.of(revision);
        Path ref = repoDir(repo).resolve("refs").resolve(revision);
        if (!Files.isRegularFile(ref)) return Optional.empty();
        String c = Files.readString(ref, StandardCharsets.UTF_8).trim();
        return c.isEmpty() ? Optional.empty() : Optional.of(c);
    }

    /** Records that {@code revision} points at {@code commit} (nothing to record for a commit hash). */
    public void writeRef(RepoId repo, String revision, String commit) throws IOException {
        if (revision.equals(commit)) return;
        Path ref = repoDir(repo).resolve("refs").resolve(revision);
        if (Files.isRegularFile(ref) && Files.readString(ref, StandardCharsets.UTF_8).trim().equals(commit)) return;
        AtomicFiles.writeString(ref, commit);
    }

    /** Revision names recorded under refs/ (e.g. "main", "step1000", "refs/pr/1"). */
    public List<String> cachedRefs(RepoId repo) throws IOException {
        Path refs = repoDir(repo).resolve("refs");
        if (!Files.isDirectory(refs)) return List.of();
        try (Stream<Path> s = Files.walk(refs)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .map(p -> refs.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
    }

    /** Files of a snapshot whose blob is present (a dangling link counts as missing). */
    public List<String> snapshotFiles(RepoId repo, String commit) throws IOException {
        Path dir = snapshotDir(repo, commit);
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !Files.isDirectory(p)).filter(Files::exists)
                    .map(p -> dir.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
    }

    /** Links snapshots/COMMIT/FILE to blobs/ETAG with a relative symlink, replacing any old link atomically. */
    public Path link(RepoId repo, String commit, String file, String etag) throws IOException {
        Path target = snapshotFile(repo, commit, file);
        Files.createDirectories(target.getParent());
        Path relative = target.getParent().relativize(blob(repo, etag));
        if (Files.isSymbolicLink(target) && Files.readSymbolicLink(target).equals(relative)) return target;
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + "." + Thread.currentThread().threadId() + ".link");
        Files.deleteIfExists(tmp);
        try {
            Files.createSymbolicLink(tmp, relative);
        } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
            Files.copy(blob(repo, etag), tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    /** The blob a snapshot file points at, or null when it is not a link into blobs/. */
    public Path blobOf(RepoId repo, String commit, String file) throws IOException {
        Path f = snapshotFile(repo, commit, file);
        if (!Files.isSymbolicLink(f)) return null;
        Path b = f.getParent().resolve(Files.readSymbolicLink(f)).normalize();
        return b.getParent() != null && b.getParent().equals(repoDir(repo).resolve("blobs")) ? b : null;
    }

    /** All snapshot links (any commit) that point at {@code blob}. */
    public List<Path> linksTo(RepoId repo, Path blob) throws IOException {
        Path snaps = repoDir(repo).resolve("snapshots");
        if (!Files.isDirectory(snaps)) return List.of();
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(snaps)) {
            for (Path p : s.filter(p -> Files.isSymbolicLink(p)).toList()) {
                Path t = p.getParent().resolve(Files.readSymbolicLink(p)).normalize();
                if (t.equals(blob.normalize())) out.add(p);
            }
        }
        return out;
    }

    /**
     * Holds the per-blob lock (in this process and, through a lock file, across processes) while {@code work} runs,
     * so two downloads of one blob never write the same .incomplete file.
     */
    public <T> T withBlobLock(RepoId repo, String etag, IoWork<T> work) throws IOException {
        return withFileLock(root.resolve(".locks").resolve(repo.cacheFolderName()).resolve(etag + ".lock"), work);
    }

    /** Runs {@code work} holding {@code lockPath} (in this process and, through the lock file, across processes). */
    public static <T> T withFileLock(Path lockPath, IoWork<T> work) throws IOException {
        Files.createDirectories(lockPath.getParent());
        ReentrantLock local = IN_PROCESS.computeIfAbsent(lockPath, p -> new ReentrantLock());
        local.lock();
        try (FileChannel ch = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            return work.run();
        } finally {
            local.unlock();
        }
    }

    @FunctionalInterface
    public interface IoWork<T> {
        T run() throws IOException;
    }

    static boolean exists(Path p) {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
    }
}
