package org.w2sg.hub;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Reports the bytes of one file transfer; {@link #console()} draws a bar with bytes, rate and ETA on stderr. */
public interface TransferProgress {
    /** A transfer of {@code total} bytes (-1 unknown) starts, {@code already} of them resumed from disk. */
    Handle start(String name, long total, long already);

    interface Handle extends AutoCloseable {
        void advance(long bytes);

        /** The download restarts from byte 0 (the server ignored the Range request). */
        void reset();

        @Override
        void close();
    }

    TransferProgress NONE = (name, total, already) -> new Handle() {
        public void advance(long bytes) {}
        public void reset() {}
        public void close() {}
    };

    static TransferProgress console() {
        return console(System.err);
    }

    static TransferProgress console(PrintStream err) {
        return (name, total, already) -> {
            ProgressBar bar = (err == System.err ? org.w2sg.io.ProgressBars.builder("")
                    : new ProgressBarBuilder().setConsumer(new ConsoleProgressBarConsumer(err)).setUpdateIntervalMillis(500))
                    .setTaskName(name.length() > 40 ? "..." + name.substring(name.length() - 39) : name)
                    .setInitialMax(total > 0 ? total : -1)
                    .startsFrom(Math.max(already, 0), java.time.Duration.ZERO)
                    .setUnit(" MiB", 1L << 20)
                    .showSpeed(new java.text.DecimalFormat("#.0"))
                    .setStyle(ProgressBarStyle.ASCII)
                    .build();
            return new Handle() {
                public void advance(long bytes) {
                    bar.stepBy(bytes);
                }

                public void reset() {
                    bar.stepTo(0);
                }

                public void close() {
                    bar.close();
                }
            };
        };
    }
}
