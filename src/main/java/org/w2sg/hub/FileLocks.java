package org.w2sg.hub;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.w2sg.errors.UserException;

/**
 * One writer per file: a lock held in this process and, through a lock file, across processes (as huggingface_hub's
 * {@code .locks/}), so two downloads of one blob never write the same partial file. A lock file that is a symbolic
 * link is refused, never opened through.
 */
final class FileLocks {
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private FileLocks() {}

    @FunctionalInterface
    interface IoWork<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code work} holding {@code lockPath}. {@code removeAfter}: delete the lock file before letting go of it
     * (for caches that should hold nothing but their files); another process that opened the old file meanwhile may
     * then work at the same time as a third one, which only costs a second download, since what is published is
     * verified first.
     */
    static <T> T with(Path lockPath, boolean removeAfter, IoWork<T> work) throws IOException {
        Files.createDirectories(lockPath.getParent());
        if (Files.isSymbolicLink(lockPath))
            throw new UserException(lockPath + " is a symbolic link (to " + Files.readSymbolicLink(lockPath) + "); the "
                    + "harness never writes through a link in the cache: remove it and run again");
        ReentrantLock local = IN_PROCESS.computeIfAbsent(lockPath, p -> new ReentrantLock());
        local.lock();
        try (FileChannel ch = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
             FileLock ignored = ch.lock()) {
            try {
                return work.run();
            } finally {
                if (removeAfter) Files.deleteIfExists(lockPath);
            }
        } finally {
            local.unlock();
        }
    }
}
