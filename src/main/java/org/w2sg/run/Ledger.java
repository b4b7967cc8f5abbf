package org.w2sg.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w2sg.errors.UserException;
import org.w2sg.probe.LambdaPath;
import org.w2sg.run.Shard;
import org.w2sg.run.Unit;

/**
 * The run folder's record of finished units: one JSON line per unit, appended and fsynced the moment the unit is done,
 * with every number the tables need (and the unit's per-row test correctness, {@link TestRows}, for the statistics), so
 * emergence.csv and summary.csv are rebuilt from it alone. Each shard appends to
 * its own file ({@code ledger/units-IofN.jsonl}); reading merges all of them. A kill -9 can leave at most a torn last
 * line, which opening the file for appending cuts off (that unit simply runs again).
 */
public final class Ledger implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final FileChannel channel;

    private Ledger(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    public static Path directory(Path runDir) {
        return runDir.resolve("ledger");
    }

    public static Path fileFor(Path runDir, Shard shard) {
        return directory(runDir).resolve("units-" + shard.tag() + ".jsonl");
    }

    /** Opens this shard's ledger for appending; the caller must hold the shard's {@link RunLock}. */
    public static Ledger openForAppend(Path runDir, Shard shard) throws IOException {
        Path f = fileFor(runDir, shard);
        Files.createDirectories(f.getParent());
        FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            cutTornTail(ch);
            ch.position(ch.size());
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        return new Ledger(f, ch);
    }

    /** Drops bytes after the last newline: a record whose write a kill interrupted. */
    private static void cutTornTail(FileChannel ch) throws IOException {
        long size = ch.size();
        if (size == 0) return;
        long pos = size;
        ByteBuffer one = ByteBuffer.allocate(1);
        while (pos > 0) {
            one.clear();
            ch.read(one, pos - 1);
            if (one.get(0) == '\n') break;
            pos--;
        }
        if (pos < size) {
            ch.truncate(pos);
            ch.force(true);
        }
    }

    public synchronized void append(UnitResult result) throws IOException {
        byte[] line = (JSON.writeValueAsString(toJson(result)) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.wrap(line);
        while (buf.hasRemaining()) channel.write(buf);
        channel.force(false);
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /**
     * Every finished unit in the folder, from all shards' files, one per unit key (the first file in name order wins
     * if two processes ever finished the same unit), in no particular order.
     */
    public static List<UnitResult> readAll(Path runDir) {
        Path dir = directory(runDir);
        Map<String, UnitResult> byKey = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) return List.of();
        for (Path f : RunFiles.list(dir, ".jsonl")) {
            for (UnitResult r : readFile(f)) byKey.putIfAbsent(r.unit().key(), r);
        }
        return new ArrayList<>(byKey.values());
    }

    static List<UnitResult> readFile(Path f) {
        List<String> lines;
        byte[] bytes;
        bytes = RunFiles.read(f, "this run's ledger", () -> Files.readAllBytes(f));
        String text = new String(bytes, StandardCharsets.UTF_8);
        boolean tornTail = !text.isEmpty() && !text.endsWith("\n");
        lines = text.lines().toList();
        List<UnitResult> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            if (tornTail && i == lines.size() - 1) break; // a record a kill cut short: that unit runs again
            try {
                out.add(fromJson(JSON.readTree(line)));
            } catch (IOException | RuntimeException e) {
                throw new UserException(f + " line " + (i + 1) + " is not a ledger record (" + e.getMessage()
                        + "); the file was edited or damaged: delete that line (its unit will run again)", e);
            }
        }
        return out;
    }

    static ObjectNode toJson(UnitResult r) {
        ObjectNode o = JSON.createObjectNode();
        Unit u = r.unit();
        o.put("model", r.model());
        o.put("revision", u.revision());
        o.put("step", u.step());
        o.put("tokens", u.tokens());
        o.put("dataset", u.dataset());
        o.put("layer", u.layer());
        o.put("seed", u.seed());
        if (u.weak() != null) o.put("weak", u.weak());
        ArrayNode ms = o.putArray("metrics");
        for (Metric m : r.metrics()) {
            ObjectNode mo = ms.addObject();
            mo.put("metric", m.name());
            putNumber(mo, "value", m.value());
            putNumber(mo, "ci_low", m.ciLow());
            putNumber(mo, "ci_high", m.ciHigh());
            mo.put("flags", m.flags());
        }
        if (r.testRows() != null) o.set("test_rows", r.testRows().toJson());
        if (r.lambdaPath() != null) {
            ObjectNode lp = o.putObject("lambda_path");
            LambdaPath p = r.lambdaPath();
            ArrayNode l = lp.putArray("lambdas"), c = lp.putArray("ceiling_acc"), w = lp.putArray("w2s_acc");
            for (int i = 0; i < p.lambdas().length; i++) {
                l.add(p.lambdas()[i]);
                addNumber(c, p.ceilingAcc()[i]);
                addNumber(w, p.w2sAcc()[i]);
            }
            putNumber(lp, "ceiling_chosen", p.ceilingChosen());
            putNumber(lp, "w2s_chosen", p.w2sChosen());
        }
        return o;
    }

    private static void addNumber(ArrayNode a, double v) {
        if (Double.isFinite(v)) a.add(v);
        else a.addNull();
    }

    private static double[] numbers(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).isNull() ? Double.NaN : a.get(i).asDouble();
        return out;
    }

    private static void putNumber(ObjectNode o, String field, Double v) {
        if (v == null || v.isNaN() || v.isInfinite()) o.putNull(field);
        else o.put(field, v);
    }

    static UnitResult fromJson(JsonNode o) {
        Unit u = new Unit(text(o, "revision"), o.get("step").asLong(), o.get("tokens").asLong(), text(o, "dataset"),
                o.get("layer").asInt(), o.get("seed").asInt(), o.hasNonNull("weak") ? o.get("weak").asText() : null);
        List<Metric> ms = new ArrayList<>();
        for (JsonNode m : o.get("metrics")) {
            ms.add(new Metric(text(m, "metric"), number(m, "value"), number(m, "ci_low"), number(m, "ci_high"),
                    m.path("flags").asText("")));
        }
        JsonNode rows = o.get("test_rows");
        JsonNode lp = o.get("lambda_path");
        LambdaPath path = lp == null || lp.isNull() ? null : new LambdaPath(numbers(lp.get("lambdas")),
                numbers(lp.get("ceiling_acc")), numbers(lp.get("w2s_acc")), nan(number(lp, "ceiling_chosen")),
                nan(number(lp, "w2s_chosen")));
        return new UnitResult(text(o, "model"), u, ms, rows == null || rows.isNull() ? null : TestRows.fromJson(rows),
                path);
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual()) throw new IllegalArgumentException("missing text field '" + field + "'");
        return v.asText();
    }

    private static double nan(Double v) {
        return v == null ? Double.NaN : v;
    }

    private static Double number(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asDouble();
    }
}
