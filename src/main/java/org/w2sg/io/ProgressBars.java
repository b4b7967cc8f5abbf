package org.w2sg.io;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress on stderr that reads well wherever stderr goes: on a terminal a bar redrawn in place (ASCII, no colours),
 * into a file or a pipe (a Slurm log, {@code 2> log}) one plain line every {@value #PLAIN_INTERVAL_MILLIS} ms of
 * progress, without carriage returns or an unknown {@code ?/s} rate. Commands that take {@code --no-progress} make no
 * bar at all.
 */
public final class ProgressBars {
    /** How often a file or pipe gets a line while work advances. */
    static final long PLAIN_INTERVAL_MILLIS = 10_000;

    private ProgressBars() {}

    /** A builder with the task name, style, consumer and update interval set for where stderr goes. */
    public static ProgressBarBuilder builder(String task) {
        return builder(task, System.err, stderrIsTerminal());
    }

    static ProgressBarBuilder builder(String task, PrintStream err, boolean terminal) {
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(task).setStyle(ProgressBarStyle.ASCII);
        if (terminal) return b.setConsumer(new ConsoleProgressBarConsumer(err)).setUpdateIntervalMillis(500);
        return b.setConsumer(new DelegatingProgressBarConsumer(new PlainLines(err), 100))
                .setUpdateIntervalMillis((int) PLAIN_INTERVAL_MILLIS);
    }

    /**
     * Whether stderr is a terminal: on Linux, what file descriptor 2 points at; elsewhere, whether the JVM has an
     * interactive console.
     */
    public static boolean stderrIsTerminal() {
        Path fd2 = Path.of("/proc/self/fd/2");
        try {
            if (Files.isSymbolicLink(fd2)) {
                String target = Files.readSymbolicLink(fd2).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            }
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
            // fall through
        }
        var console = System.console();
        return console != null && console.isTerminal();
    }

    /** Prints each rendered state as its own line, dropping the unknown rate and repeats of the same count. */
    static final class PlainLines implements Consumer<String> {
        private final PrintStream err;
        private String lastCount;

        PlainLines(PrintStream err) {
            this.err = err;
        }

        @Override
        public void accept(String rendered) {
            String line = rendered.replace("\r", "")
                    .replaceAll("\\s+\\?\\s?\\S*/\\S+", "")   // an unknown rate: "?M/s", "? rev/s"
                    .replace(" / ?)", ")")                           // an unknown time left
                    .strip();
            if (line.isEmpty()) return;
            // the count (e.g. "3/16") is what changes; the elapsed-time part changes every render
            var m = java.util.regex.Pattern.compile("\\d+(\\.\\d+)?/\\d+(\\.\\d+)?").matcher(line);
            String count = m.find() ? m.group() : line;
            if (count.equals(lastCount)) return;
            lastCount = count;
            err.println(line);
            err.flush();
        }
    }
}
