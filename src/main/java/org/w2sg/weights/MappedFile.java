package org.w2sg.weights;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A whole file mapped read-only into a shared arena: no 2 GiB limit, readable from any thread, unmapped on close
 * (not whenever the garbage collector gets to it).
 */
final class MappedFile implements AutoCloseable {
    final Path path;
    final MemorySegment segment;
    private final Arena arena;

    private MappedFile(Path path, MemorySegment segment, Arena arena) {
        this.path = path;
        this.segment = segment;
        this.arena = arena;
    }

    static MappedFile map(Path path) {
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            return new MappedFile(path, seg, arena);
        } catch (NoSuchFileException e) {
            arena.close();
            throw new WeightsException(path + ": no such file", e);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw new WeightsException(path + ": cannot be mapped for reading: " + e.getMessage(), e);
        }
    }

    long size() {
        return segment.byteSize();
    }

    /**
     * Removes {@code [offset, offset + length)} from this process's resident pages (madvise DONTNEED on the mapping;
     * the file's pages stay in the page cache). Pages shared with neighbouring bytes are dropped too and simply
     * read again if needed.
     */
    void unload(long offset, long length) {
        if (length <= 0 || !arena.scope().isAlive()) return;
        segment.asSlice(offset, length).unload();
    }

    @Override
    public void close() {
        if (arena.scope().isAlive()) arena.close();
    }
}
