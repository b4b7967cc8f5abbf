package org.w2sg.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w2sg.errors.UserException;

/** The checks on values from outside: what passes (real Hub names) and what is refused, with the message. */
class UntrustedTest {
    @TempDir
    Path tmp;

    @Test
    void realRevisionNamesPassAndClimbingOnesDoNot() {
        for (String ok : List.of("main", "step0", "step143000", "step1000-tokens4B", "stage1-step1000-tokens5B",
                "refs/pr/1", "refs/convert/parquet", "v1.0", "exp#1", "feature@x", "zwölf", "0123456789abcdef0123456789abcdef01234567"))
            assertEquals(ok, Untrusted.revision("r", "revision", ok));
        for (String bad : List.of("", "..", "../x", "a/../b", "/abs", "a//b", "a/", ".hidden", "x.lock", "a b", "a\\b",
                "a\u0000b", "a..b", "a@{1}", "a~1", "a:b", "x".repeat(256)))
            assertThrows(UserException.class, () -> Untrusted.revision("r", "revision", bad), bad);
        UserException e = assertThrows(UserException.class, () -> Untrusted.revision("org/name", "a branch name", "../\n"));
        assertEquals("org/name: a branch name \"../\\n\" is not a revision name (git's rules: no '..', no empty segment or "
                + "one starting with '.', no space, control character, backslash or ~ ^ : ? * [); refused before anything was written", e.getMessage());
    }

    @Test
    void fileNamesStayInsideTheirFolder() {
        Path snap = tmp.resolve("snapshots/c");
        assertEquals(snap.resolve("sub/model.safetensors"), Untrusted.inside(snap, "r", "file", "sub/model.safetensors"));
        assertEquals(snap.resolve("a b ü.json"), Untrusted.inside(snap, "r", "file", "a b ü.json"), "odd but harmless names stay legal");
        for (String bad : List.of("../x", "a/../../x", "/etc/passwd", "..\\x", "a\u0000", "a/./b", "", "a//b"))
            assertThrows(UserException.class, () -> Untrusted.inside(snap, "r", "file", bad), bad);
    }

    @Test
    void commitsBlobNamesSizesAndRedirects() {
        assertThrows(UserException.class, () -> Untrusted.commit("r", "c", "0123456789ABCDEF0123456789abcdef01234567"));
        assertThrows(UserException.class, () -> Untrusted.commit("r", "c", null));
        assertEquals("d41d8cd98f00b204e9800998ecf8427e-2", Untrusted.blobName("r", "e", "d41d8cd98f00b204e9800998ecf8427e-2"));
        for (String bad : List.of("a/b", "..", "a.b", "", "x".repeat(129)))
            assertThrows(UserException.class, () -> Untrusted.blobName("r", "e", bad), bad);
        assertEquals(0, Untrusted.size("r", "s", "0", 10));
        for (String bad : List.of("-1", "1e3", " 1", "11", "99999999999999999999"))
            assertThrows(UserException.class, () -> Untrusted.size("r", "s", bad, 10), bad);
        URI from = URI.create("https://hub.example/org/name/resolve/main/x");
        assertEquals(URI.create("https://cdn.example/blob"), Untrusted.redirect("r", from, "https://cdn.example/blob"));
        assertEquals(URI.create("https://hub.example/new/name"), Untrusted.redirect("r", from, "/new/name"));
        for (String bad : List.of("file:///etc/passwd", "ftp://x/y", "jar:file:/x!/y", "http:///nohost", "ht tp://x"))
            assertThrows(UserException.class, () -> Untrusted.redirect("r", from, bad), bad);
    }

    @Test
    void folderNamesNeverLeaveTheirFolder() {
        assertEquals("step1000", Untrusted.folderName("step1000"));
        assertEquals("refs_pr_1", Untrusted.folderName("refs/pr/1"));
        for (String hostile : List.of("..", ".", "", "../../x", "..\\..\\x", "/abs", "a\u0000b")) {
            String f = Untrusted.folderName(hostile);
            Path base = tmp.resolve("store");
            Path p = base.resolve(f).normalize();
            assertEquals(base, p.getParent(), hostile + " -> " + f);
        }
    }

    @Test
    void anAbsurdlyLargeJsonFileIsNotRead() throws Exception {
        Path big = tmp.resolve("config.json");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength((16L << 20) + 1); // sparse: no disk or time spent
        }
        UserException e = assertThrows(UserException.class, () -> Untrusted.smallFile(big, 16L << 20, "config.json"));
        assertEquals(big + ": 16777217 bytes, more than the 16 MiB a config.json can reasonably be; refused (is it the right "
                + "file?)", e.getMessage());
        assertThrows(UserException.class, () -> org.w2sg.model.HfConfig.read(tmp));
    }
}
