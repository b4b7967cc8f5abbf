package org.w2sg.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.UnaryOperator;
import org.w2sg.errors.UserException;
import org.w2sg.run.Shard;

/**
 * An OS file lock on the run folder. A shard's lock keeps a second process off the same shard of the same folder
 * (different shards use different ledger files and run side by side); the folder lock serialises the short steps that
 * touch shared files (the configuration check and the export). The OS drops the lock when a process dies, kill -9
 * included, so a stale lock file never blocks a resume.
 */
public final class RunLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the shard's lock or fails at once, saying which process holds it. */
    public static RunLock shard(Path runDir, Shard shard) throws IOException {
        return exclusive(Ledger.directory(runDir).resolve(".lock-" + shard.tag()), holder -> "another harness process"
                + holder + " is already running " + (shard.isAll() ? "this sweep" : "shard " + shard) + " in " + runDir
                + ": wait for it to finish, or give this one a different --out" + (shard.isAll() ? "" : " or --shard"));
    }

    /**
     * Takes the lock held in {@code file} for as long as this process owns what it guards, or fails at once with the
     * error {@code refusal} builds from the holder (" (pid N)", or "" when unknown).
     */
    public static RunLock exclusive(Path file, UnaryOperator<String> refusal) throws IOException {
        RunLock l = tryTake(file);
        if (l == null) throw new UserException(refusal.apply(holder(file)));
        l.writePid();
        return l;
    }

    /** Waits for the folder-wide lock (held only for seconds at a time). */
    public static RunLock folder(Path runDir) throws IOException {
        Path f = Ledger.directory(runDir).resolve(".lock-folder");
        Files.createDirectories(f.getParent());
        FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            while (true) {
                try {
                    return new RunLock(ch, ch.lock());
                } catch (OverlappingFileLockException e) {
                    Thread.sleep(50); // held by another thread of this JVM
                }
            }
        } catch (InterruptedException e) {
            ch.close();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the lock on " + runDir, e);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static RunLock tryTake(Path f) throws IOException {
        Files.createDirectories(f.getParent());
        FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // another thread of this JVM holds it: same answer as another process
        }
        if (lock == null) {
            ch.close();
            return null;
        }
        return new RunLock(ch, lock);
    }

    private void writePid() throws IOException {
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
    }

    private static String holder(Path f) {
        try {
            String pid = Files.readString(f, StandardCharsets.US_ASCII).trim();
            return pid.isEmpty() ? "" : " (pid " + pid + ")";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (lock.isValid()) lock.release();
        } finally {
            channel.close();
        }
    }
}
