package org.w2sg.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporary() throws IOException {
        Path f = dir.resolve("out.csv");
        AtomicFiles.writeString(f, "old\n");
        assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write("half".getBytes());
            throw new IOException("disk full");
        }));
        assertEquals("old\n", Files.readString(f));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "temporary file left behind");
        }
    }

    @Test
    void filesAreReadableByOthersLikeAnyFileTheUserWrites() throws IOException {
        Path f = dir.resolve("emergence.csv");
        AtomicFiles.writeString(f, "a,b\n");
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(f);
        assertTrue(perms.contains(PosixFilePermission.OWNER_WRITE));
        assertTrue(perms.contains(PosixFilePermission.OTHERS_READ), "0600 results cannot be shared: " + perms);
    }

    @Test
    void npyRoundTripKeepsShapeAndValues() throws IOException {
        Path f = dir.resolve("x.npy");
        float[] v = {1f, -2.5f, 3e-8f, Float.MAX_VALUE, 0f, 7f};
        Npy.writeFloat32(f, v, 2, 3);
        Npy.Array a = Npy.read(f);
        assertArrayEquals(new long[] {2, 3}, a.shape());
        assertArrayEquals(v, a.floats());
        // numpy aligns the data to 64 bytes; a reader that trusts the header length finds it there
        assertEquals(0, (Files.size(f) - 24) % 64);
    }
}
