package org.w2sg.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.w2sg.errors.UserException;
import org.w2sg.io.AtomicFiles;
import org.w2sg.run.RunSettings;

/**
 * The layout of one run folder ({@code results/<model>/} by default) and the guard that keeps one configuration per
 * folder: {@code config.json} records the {@link RunSettings} and their fingerprint the first time a sweep starts there.
 */
public record RunFolder(Path dir) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public RunFolder {
        dir = dir.toAbsolutePath().normalize();
    }

    public Path config() {
        return dir.resolve("config.json");
    }

    public Path emergenceCsv() {
        return dir.resolve("emergence.csv");
    }

    public Path summaryCsv() {
        return dir.resolve("summary.csv");
    }

    public Path runJson() {
        return dir.resolve("run.json");
    }

    public Path transitionJson() {
        return dir.resolve("transition.json");
    }

    public Path plots() {
        return dir.resolve("plots");
    }

    /**
     * Records the settings on first use of the folder, or checks they equal those recorded; a mismatch is refused with
     * the options that differ and what to do. Call with the folder lock held, once a unit is ready to be recorded.
     */
    public void claim(RunSettings settings) throws IOException {
        if (check(settings)) return;
        ObjectNode o = JSON.createObjectNode();
        o.put("fingerprint", settings.fingerprint());
        o.set("settings", settings.toJson());
        AtomicFiles.writeString(config(), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n");
    }

    /**
     * Checks, writing nothing, that the folder can take a run with these settings: true when it already holds them,
     * false when it holds none yet; other settings are refused with the options that differ and what to do.
     */
    public boolean check(RunSettings settings) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UserException("--out " + dir + " is a file, not a folder: give a folder for the run's results");
        }
        Path cfg = config();
        if (!Files.exists(cfg)) {
            if (!Ledger.readAll(dir).isEmpty()) {
                throw new UserException(dir + " holds finished units but no config.json, so its configuration is "
                        + "unknown: give a new --out folder for this run");
            }
            return false;
        }
        JsonNode recorded;
        try {
            recorded = JSON.readTree(cfg.toFile());
        } catch (IOException e) {
            throw new UserException(cfg + " is not readable JSON (" + e.getMessage() + "): give a new --out folder", e);
        }
        if (settings.fingerprint().equals(recorded.path("fingerprint").asText())) return true;
        List<String> diffs = new ArrayList<>();
        diff("", recorded.path("settings"), settings.toJson(), diffs);
        // a folder recorded when the weak supervisor was fingerprinted: the same settings apart from it are the same run
        diffs.removeIf(d -> RunSettings.NOT_FINGERPRINTED.stream().anyMatch(k -> d.startsWith(k + " ")));
        if (diffs.isEmpty()) return true;
        throw new UserException(dir + " holds a sweep run with other settings (" + String.join("; ", diffs)
                + "); mixing them would make the tables incomparable. Give a new --out folder for this configuration, "
                + "or rerun with the folder's settings (see " + cfg.getFileName() + ")");
    }

    /**
     * Every finished unit of the folder, all shards merged, each naming its weak supervisor: a record from before a run
     * could have several names none, and is the folder's one supervisor (its recorded settings').
     */
    public List<UnitResult> results() throws IOException {
        List<UnitResult> all = Ledger.readAll(dir);
        RunSettings s = recordedSettings();
        if (s == null || all.stream().allMatch(r -> r.unit().weak() != null)) return all;
        return all.stream().map(r -> r.withWeak(s.weak())).toList();
    }

    /** The settings the folder was created with, if any. */
    public RunSettings recordedSettings() throws IOException {
        Path cfg = config();
        if (!Files.exists(cfg)) return null;
        return RunSettings.fromJson(JSON.readTree(cfg.toFile()).path("settings"));
    }

    private static void diff(String path, JsonNode was, JsonNode now, List<String> out) {
        if (was.isObject() && now.isObject()) {
            java.util.TreeSet<String> keys = new java.util.TreeSet<>();
            was.fieldNames().forEachRemaining(keys::add);
            now.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) diff(path.isEmpty() ? k : path + "." + k, was.path(k), now.path(k), out);
        } else if (!was.equals(now)) {
            out.add(path + " was " + render(was) + ", now " + render(now));
        }
    }

    private static String render(JsonNode n) {
        return n.isMissingNode() ? "absent" : n.toString();
    }
}
