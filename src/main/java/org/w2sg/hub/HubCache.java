package org.w2sg.hub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.w2sg.errors.UserException;
import org.w2sg.io.AtomicFiles;
import org.w2sg.io.Untrusted;

/**
 * The huggingface_hub cache layout, so that Python and the harness share one cache:
 * <pre>
 * CACHE/models--ORG--NAME/blobs/ETAG                 file contents, named by ETag (the sha256 for LFS files)
 *                        /blobs/ETAG.incomplete      a download in progress (resumed with a Range request)
 *                        /snapshots/COMMIT/FILE      relative symlink to ../../blobs/ETAG
 *                        /refs/REVISION              the commit the revision (branch) pointed at
 * CACHE/.locks/models--ORG--NAME/ETAG.lock           one writer per blob
 * </pre>
 * Every name that becomes a path here is checked first ({@link Untrusted}: a commit is 40 hex digits, a blob name
 * has no separators or dots, a file or ref name stays inside its folder), and nothing is written or deleted through
 * a symbolic link below the cache root: a folder replaced by a link to elsewhere is refused, a link entry is
 * replaced or removed itself, never its target.
 */
public final class HubCache {
    private final Path root;

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
        return repoDir(repo).resolve("blobs").resolve(Untrusted.blobName(repo.toString(), "blob name (ETag)", etag));
    }

    public Path incomplete(RepoId repo, String etag) {
        return blob(repo, etag).resolveSibling(etag + ".incomplete");
    }

    Path lockFile(RepoId repo, String etag) {
        return root.resolve(".locks").resolve(repo.cacheFolderName())
                .resolve(Untrusted.blobName(repo.toString(), "blob name (ETag)", etag) + ".lock");
    }

    public Path snapshotDir(RepoId repo, String commit) {
        return repoDir(repo).resolve("snapshots").resolve(Untrusted.commit(repo.toString(), "snapshot commit", commit));
    }

    public Path snapshotFile(RepoId repo, String commit, String file) {
        return Untrusted.inside(snapshotDir(repo, commit), repo + "@" + commit, "file name", file);
    }

    private Path refFile(RepoId repo, String revision) {
        return Untrusted.inside(repoDir(repo).resolve("refs"), repo.toString(), "revision",
                Untrusted.revision(repo.toString(), "revision", revision));
    }

    static boolean isCommitHash(String revision) {
        return revision.matches("[0-9a-f]{40}");
    }

    /** The commit a revision resolves to in the cache: itself for a commit hash, else the content of refs/REV. */
    public Optional<String> commitOf(RepoId repo, String revision) throws IOException {
        if (isCommitHash(revision)) return Optional.of(revision);
        Path ref = refFile(repo, revision);
        if (!Files.isRegularFile(ref)) return Optional.empty();
        String c = Files.readString(ref, StandardCharsets.UTF_8).trim();
        if (c.isEmpty()) return Optional.empty();
        return Optional.of(Untrusted.commit(repo + "@" + revision, "the cache file " + ref + " (a commit)", c));
    }

    /** Records that {@code revision} points at {@code commit} (nothing to record for a commit hash). */
    public void writeRef(RepoId repo, String revision, String commit) throws IOException {
        Untrusted.commit(repo + "@" + revision, "commit", commit);
        if (revision.equals(commit)) return;
        Path ref = refFile(repo, revision);
        if (Files.isRegularFile(ref, LinkOption.NOFOLLOW_LINKS)
                && Files.readString(ref, StandardCharsets.UTF_8).trim().equals(commit)) return;
        writableDir(ref.getParent());
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
        Path blob = blob(repo, etag);
        writableDir(target.getParent());
        Path relative = target.getParent().relativize(blob);
        if (Files.isSymbolicLink(target) && Files.readSymbolicLink(target).equals(relative)) return target;
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + "." + Thread.currentThread().threadId() + ".link");
        Files.deleteIfExists(tmp);
        try {
            Files.createSymbolicLink(tmp, relative);
        } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
            Files.copy(blob, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    /**
     * The blob a snapshot file points at, or null when it is not a link to a plain file in blobs/ (a link that
     * leads elsewhere, or a blob that is itself a link, is never treated as the cache's own).
     */
    public Path blobOf(RepoId repo, String commit, String file) throws IOException {
        Path f = snapshotFile(repo, commit, file);
        if (!Files.isSymbolicLink(f)) return null;
        Path b = f.getParent().resolve(Files.readSymbolicLink(f)).normalize();
        Path blobs = repoDir(repo).resolve("blobs");
        if (b.getParent() == null || !b.getParent().equals(blobs)) return null;
        if (!Files.isRegularFile(b, LinkOption.NOFOLLOW_LINKS) || hasLinkedFolder(blobs)) return null;
        return b;
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
    public <T> T withBlobLock(RepoId repo, String etag, FileLocks.IoWork<T> work) throws IOException {
        Path lock = lockFile(repo, etag);
        writableDir(lock.getParent());
        return FileLocks.with(lock, false, work);
    }

    /**
     * Creates {@code dir} (below the cache root) after checking that no folder on the way down from the root is a
     * symbolic link: a link there would make the harness write wherever it points.
     */
    void writableDir(Path dir) throws IOException {
        if (hasLinkedFolder(dir))
            throw new UserException("the cache folder " + dir + " (or a folder above it, below " + root + ") is a symbolic "
                    + "link; the harness never writes through a link in the cache: replace the link with a folder, or "
                    + "point HF_HUB_CACHE at the real folder");
        Files.createDirectories(dir);
    }

    /** Whether a folder between the root (exclusive) and {@code p} (inclusive) is a symbolic link. */
    boolean hasLinkedFolder(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        if (!abs.startsWith(root) || abs.equals(root)) return !abs.equals(root);
        Path at = root;
        for (Path part : root.relativize(abs)) {
            at = at.resolve(part);
            if (Files.isSymbolicLink(at)) return true;
            if (!Files.exists(at, LinkOption.NOFOLLOW_LINKS)) return false;
        }
        return false;
    }
}
