package org.w2sg.hub;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Download throughput of the Hub client against the loopback FakeHub, next to a plain curl of the same file in the
 * same run. Not a test (no timed assertions); run by hand:
 * <pre>
 * java -cp "target/classes:target/test-classes:$(cat cp.txt)" org.w2sg.hub.HubThroughput [MiB] [repeats]
 * </pre>
 */
public final class HubThroughput {
    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 512;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Files.createTempDirectory("hub-throughput");
        try (FakeHub server = new FakeHub()) {
            Path big = dir.resolve("src").resolve("model.safetensors");
            Files.createDirectories(big.getParent());
            writeRandom(big, (long) mib << 20);
            Files.writeString(big.resolveSibling("config.json"), "{\"model_type\":\"gpt_neox\"}");
            FakeHub.Entry entry = FakeHub.entry(big);
            server.addRevision("bench/big", "main", Map.of("model.safetensors", entry,
                    "config.json", FakeHub.entry(big.resolveSibling("config.json"))));
            String resolveUrl = server.endpoint() + "/bench/big/resolve/main/model.safetensors";
            System.out.printf("file: %d MiB, sha256 %s…; java %s; %d cores%n", mib, entry.sha256().substring(0, 12),
                    Runtime.version(), Runtime.getRuntime().availableProcessors());
            for (int i = 0; i < repeats; i++) {
                Path cache = dir.resolve("cache" + i);
                HubClient hub = new HubClient(HubSettings.forTests(server.endpoint(), cache).withTimeouts(
                        java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(60)), TransferProgress.NONE);
                long t0 = System.nanoTime();
                Path got = hub.download(new RepoId("bench", "big"), "main", "model.safetensors");
                double s = (System.nanoTime() - t0) / 1e9;
                if (Files.size(got) != entry.size()) throw new IllegalStateException("size mismatch");
                System.out.printf("harness HubClient (HEAD + 302 + GET + sha256 verify + publish): %6.1f MB/s (%.2f s)%n",
                        entry.size() / 1e6 / s, s);
                deleteTree(cache);

                Path out = dir.resolve("curl.out");
                ProcessBuilder pb = new ProcessBuilder("curl", "-sS", "-L", "-o", out.toString(), "-w", "%{time_total} %{speed_download}", resolveUrl);
                pb.redirectErrorStream(true);
                Process p = pb.start();
                String res = new String(p.getInputStream().readAllBytes()).trim();
                p.waitFor();
                String[] parts = res.split(" ");
                System.out.printf("curl -L (302 + GET, no verify):                            %6.1f MB/s (%.2f s)%n",
                        Double.parseDouble(parts[1]) / 1e6, Double.parseDouble(parts[0]));
                Files.deleteIfExists(out);

                // the same work as the harness: download to a file and check its sha256
                ProcessBuilder verify = new ProcessBuilder("bash", "-c", "start=$(date +%s.%N); curl -sS -L '" + resolveUrl
                        + "' | tee '" + out + "' | sha256sum | cut -c1-64; sync '" + out + "'; end=$(date +%s.%N); echo \"$end - $start\" | bc");
                verify.redirectErrorStream(true);
                Process v = verify.start();
                String[] lines = new String(v.getInputStream().readAllBytes()).trim().split("\n");
                v.waitFor();
                if (!lines[0].equals(entry.sha256())) throw new IllegalStateException("curl sha256 " + lines[0]);
                double vs = Double.parseDouble(lines[lines.length - 1]);
                System.out.printf("curl -L | tee FILE | sha256sum; sync FILE (same work):     %6.1f MB/s (%.2f s)%n",
                        entry.size() / 1e6 / vs, vs);
                Files.deleteIfExists(out);
            }
        } finally {
            deleteTree(dir);
        }
    }

    private static void writeRandom(Path p, long bytes) throws IOException {
        SplittableRandom rnd = new SplittableRandom(42);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.allocate(1 << 20);
            for (long w = 0; w < bytes; w += buf.capacity()) {
                buf.clear();
                while (buf.remaining() >= 8) buf.putLong(rnd.nextLong());
                buf.flip();
                while (buf.hasRemaining()) ch.write(buf);
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
