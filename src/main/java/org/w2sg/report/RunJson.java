package org.w2sg.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.w2sg.io.AtomicFiles;
import org.w2sg.run.CheckpointLog;
import org.w2sg.run.Invocation;
import org.w2sg.run.RunFolder;
import org.w2sg.run.RunSettings;
import org.w2sg.run.UnitResult;

/**
 * run.json: everything needed to trust or repeat a run: the settings and their fingerprint, how each process was
 * invoked (all options), the versions used, and the checkpoints' commits and weight hashes.
 */
public final class RunJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunJson() {}

    public static ObjectNode build(RunFolder folder, List<UnitResult> results) throws IOException {
        Path dir = folder.dir();
        RunSettings settings = folder.recordedSettings();
        ObjectNode o = JSON.createObjectNode();
        o.put("model", settings != null ? settings.model() : results.isEmpty() ? "" : results.get(0).model());
        o.put("fingerprint", settings != null ? settings.fingerprint() : "");
        o.set("settings", settings != null ? settings.toJson() : JSON.nullNode());
        o.put("units_finished", results.size());
        o.put("revisions_finished", results.stream().map(r -> r.unit().revision()).distinct().count());
        o.set("versions", JSON.valueToTree(Versions.collect()));
        o.set("invocations", JSON.valueToTree(Invocation.readAll(dir)));
        o.set("checkpoints", JSON.valueToTree(CheckpointLog.readAll(dir)));
        return o;
    }

    public static void write(RunFolder folder, List<UnitResult> results) throws IOException {
        AtomicFiles.writeString(folder.runJson(),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(build(folder, results)) + "\n");
    }
}
