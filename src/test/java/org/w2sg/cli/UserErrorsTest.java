package org.w2sg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What a user sees after a typo or a wrong path: one "error:" line that names the value, exit code 2, no usage dump. */
class UserErrorsTest {
    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void aMalformedValueIsOneLineWithoutTheUsage() {
        Result r = run("probe", "--x-train", "a.npy", "--y-train", "b.npy", "--x-test", "c.npy", "--y-test", "d.npy",
                "--lambdas", "1,x");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: Invalid value for option '--lambdas'"), r.err());
        assertTrue(r.err().contains("'x' is not a double"), r.err());
        assertTrue(r.err().contains("Run 'harness probe --help' for the options."), r.err());
        assertFalse(r.err().contains("Usage:"), r.err());
    }

    @Test
    void aMisspelledOptionGetsTheSuggestion() {
        Result r = run("--modle", "pythia-70m");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: Unknown option: '--modle'\n"), "its value is not an option: " + r.err());
        assertTrue(r.err().contains("--model"), r.err());
        assertFalse(r.err().contains("Usage:"), r.err());
    }

    /** The boundary: a user's unreadable file is exit 2 with its message; the same failure left unnamed is a bug. */
    @Test
    void anUnreadableUserFileIsAUserErrorAndAnUnnamedReadFailureIsABug(@TempDir Path dir) {
        var named = org.w2sg.errors.UnreadableFileException.of(dir.resolve("ledger/a.json"), "a record of this run",
                new com.fasterxml.jackson.core.JsonParseException(null, "Unexpected end-of-input"), "restore it");
        assertTrue(UserErrors.isUserError(named));
        assertEquals(dir.resolve("ledger/a.json") + ": cannot read a record of this run (not valid JSON: Unexpected "
                + "end-of-input): restore it", UserErrors.message(named));
        assertFalse(UserErrors.isUserError(new java.io.UncheckedIOException(new java.io.IOException("Input/output error"))));
        assertFalse(UserErrors.isUserError(new IllegalArgumentException("a broken invariant")));
    }

    @Test
    void aMissingFileIsNamedWithWhatIsWrong(@TempDir Path dir) {
        Path missing = dir.resolve("nothere.npy");
        Result r = run("probe", "--x-train", missing.toString(), "--y-train", missing.toString(),
                "--x-test", missing.toString(), "--y-test", missing.toString());
        assertEquals(2, r.code());
        assertEquals("error: " + missing + ": no such file or folder", r.err().strip());
    }

    @Test
    void aFileWhereTheOutputFolderShouldBeIsNamed(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("taken"), "x");
        Result r = run("random-checkpoint", "--like", "pythia-14m", "--out", file.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: " + file + ": "), r.err());
        assertFalse(r.err().strip().equals("error: " + file), "the message says more than the path: " + r.err());
        assertEquals("x", Files.readString(file), "the file in the way is left alone");
    }

    /** A command whose work fails the way a bug does, deep in the code. */
    @CommandLine.Command(name = "broken")
    static final class Broken implements java.util.concurrent.Callable<Integer> {
        final java.util.function.Supplier<RuntimeException> failure;

        Broken(java.util.function.Supplier<RuntimeException> failure) {
            this.failure = failure;
        }

        @Override
        public Integer call() {
            throw failure.get(); // made here, so its trace runs through call()
        }
    }

    static Result runBroken(java.util.function.Supplier<RuntimeException> failure) {
        UserErrors errors = new UserErrors();
        CommandLine cl = new CommandLine(new Broken(failure)).setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors);
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return new Result(cl.execute(), out.toString(), err.toString());
    }

    @Test
    void aBrokenInvariantIsABugExitOneWithItsTrace() {
        List<java.util.function.Supplier<RuntimeException>> bugs = List.of(
                () -> new IllegalStateException("the decoder produced 3 hidden states, expected 4"),
                () -> new IllegalArgumentException("one sink per batch"),
                () -> new java.io.UncheckedIOException(new java.io.IOException("stream closed")));
        for (var bug : bugs) {
            Result r = runBroken(bug);
            assertEquals(1, r.code(), r.err());
            assertTrue(r.err().startsWith(bug.get().getClass().getName()), r.err());
            assertTrue(r.err().contains("\tat org.w2sg.cli.UserErrorsTest$Broken.call"), "the trace is printed: " + r.err());
            assertFalse(r.err().startsWith("error:"), r.err());
        }
    }

    @Test
    void aUserErrorFromTheSameDepthIsOneLineExitTwo() {
        List<java.util.function.Supplier<RuntimeException>> users = List.of(
                () -> new org.w2sg.errors.UserException("--steps 'x': not a revision"),
                () -> new org.w2sg.data.DatasetException("cards/my.yaml: unknown field 'lable'"),
                () -> new java.io.UncheckedIOException(new java.nio.file.NoSuchFileException("/data/x.npy")));
        for (var user : users) {
            Result r = runBroken(user);
            assertEquals(2, r.code(), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().startsWith("error: "), r.err());
        }
        assertEquals("error: /data/x.npy: no such file or folder",
                runBroken(() -> new java.io.UncheckedIOException(new java.nio.file.NoSuchFileException("/data/x.npy"))).err().strip());
    }
}
