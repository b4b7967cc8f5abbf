package org.w2sg.hub;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Streams a response body straight into a file channel, a running sha256 and the progress bar, never more than
 * a given number of bytes. A watchdog
 * cancels the transfer when no bytes arrive for {@code stallTimeout} (HttpClient's own timeout only covers the
 * headers), so a hung connection becomes a retryable timeout instead of a hang.
 */
final class FileSink implements HttpResponse.BodySubscriber<Long> {
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hub-stall-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final FileChannel out;
    private final MessageDigest digest;
    private final TransferProgress.Handle progress;
    private final Duration stallTimeout;
    private final long maxBytes;
    private final CompletableFuture<Long> result = new CompletableFuture<>();
    private final AtomicReference<java.util.concurrent.Flow.Subscription> subscription = new AtomicReference<>();
    private volatile long lastActivity = System.nanoTime();
    private long written;
    private ScheduledFuture<?> watch;

    /**
     * @param digest   fed every byte written (null: no hashing)
     * @param maxBytes the most bytes this body may bring (what the server announced, else the free disk): a server
     *                 that sends more is cut off, so it cannot fill the disk
     */
    FileSink(FileChannel out, MessageDigest digest, TransferProgress.Handle progress, Duration stallTimeout, long maxBytes) {
        this.out = out;
        this.maxBytes = maxBytes;
        this.digest = digest;
        this.progress = progress;
        this.stallTimeout = stallTimeout;
    }

    @Override
    public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
        subscription.set(s);
        long period = Math.max(10, stallTimeout.toMillis() / 4);
        watch = WATCHDOG.scheduleAtFixedRate(this::checkStall, period, period, TimeUnit.MILLISECONDS);
        s.request(1);
    }

    private void checkStall() {
        if (System.nanoTime() - lastActivity > stallTimeout.toNanos()) {
            subscription.get().cancel();
            fail(new HttpTimeoutException("no data received for " + stallTimeout.toSeconds() + " s"));
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        lastActivity = System.nanoTime();
        try {
            for (ByteBuffer b : buffers) {
                if (written + b.remaining() > maxBytes) {
                    subscription.get().cancel();
                    fail(new HubException("the server sent more than the " + maxBytes + " bytes it announced (or than "
                            + "the free disk space); the transfer was stopped and nothing was published"));
                    return;
                }
                if (digest != null) digest.update(b.duplicate());
                int n = b.remaining();
                while (b.hasRemaining()) out.write(b);
                written += n;
                progress.advance(n);
            }
            subscription.get().request(1);
        } catch (IOException e) {
            subscription.get().cancel();
            fail(e);
        }
    }

    @Override
    public void onError(Throwable t) {
        fail(t);
    }

    @Override
    public void onComplete() {
        if (watch != null) watch.cancel(false);
        result.complete(written);
    }

    private void fail(Throwable t) {
        if (watch != null) watch.cancel(false);
        result.completeExceptionally(t);
    }

    @Override
    public CompletionStage<Long> getBody() {
        return result;
    }
}
