package org.w2sg.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.w2sg.errors.UserException;
import org.w2sg.tools.RandomCheckpoint;
import org.w2sg.registry.ModelAlias;
import org.w2sg.registry.Registry;
import org.w2sg.report.Comparison;
import org.w2sg.run.RunFolder;
import org.w2sg.run.RunSettings;
import org.w2sg.run.UnitResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Puts several sweep runs side by side: a tidy compare.csv (run, model, parameters, weak "
                + "supervisor, and every summary metric per step), each run's PGR transition midpoint (printed and "
                + "midpoints.csv), overlay plots of PGR, gain and ceiling accuracy against tokens and against training "
                + "compute (6 x parameters x tokens), and the midpoint against model size.",
                "Run folders with the same settings (shards or copies of one run from several machines) are merged "
                        + "by their ledgers. Parameter counts come from the registry's architecture of the model (or "
                        + "a local checkpoint's config.json); --params overrides them."})
public final class CompareCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "RUN", description = "Run folders (a sweep's --out).")
    List<Path> runs;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the tables and plots go.")
    Path out;

    @Option(names = "--params", split = ",", paramLabel = "MODEL=N",
            description = "Parameter count of a model as its runs name it (e.g. my-run=14000000), where the registry "
                    + "or the checkpoint cannot say.")
    Map<String, Long> params = new LinkedHashMap<>();

    @Mixin
    RegistryOption registry;

    @Override
    public Integer call() throws IOException {
        PrintStream stdout = System.out;
        Registry reg = registry.load();
        Map<String, List<Path>> byFingerprint = new LinkedHashMap<>();
        Map<String, RunSettings> settings = new LinkedHashMap<>();
        for (Path dir : runs) {
            RunFolder folder = new RunFolder(dir);
            if (!Files.isDirectory(dir) || !Files.exists(folder.config())) {
                throw new UserException(dir + " is not a sweep run folder (no config.json): give the --out folder of a sweep");
            }
            RunSettings s = folder.recordedSettings();
            byFingerprint.computeIfAbsent(s.fingerprint(), k -> new ArrayList<>()).add(dir);
            settings.putIfAbsent(s.fingerprint(), s);
        }
        List<Comparison.Run> compared = new ArrayList<>();
        for (var e : byFingerprint.entrySet()) {
            RunSettings s = settings.get(e.getKey());
            Map<Object, UnitResult> units = new LinkedHashMap<>();
            // each folder's records name their supervisor (a record from before they did is its folder's one), so a
            // copy from an older harness merges with one that names them instead of becoming a curve of its own
            for (Path dir : e.getValue()) for (UnitResult r : new RunFolder(dir).results()) units.putIfAbsent(r.unit(), r);
            if (units.isEmpty()) throw new UserException(e.getValue().get(0) + " has no finished units yet: run the sweep first");
            String label = String.join("+", e.getValue().stream().map(p -> p.toAbsolutePath().normalize().getFileName().toString()).toList());
            long n = parameters(s.model(), reg, stdout);
            compared.add(new Comparison.Run(label, s.model(), n, s.weak(), List.copyOf(units.values()), s.probe().bootstrap()));
        }
        Comparison c = new Comparison(compared);
        List<Path> files = c.write(out);
        for (String line : c.describe()) stdout.println(line);
        stdout.println("wrote " + String.join(", ", files.stream().map(p -> out.relativize(p).toString()).toList()) + " in " + out);
        return 0;
    }

    /** N for compute: --params, else the registry alias's architecture, else a local checkpoint's config.json. */
    long parameters(String model, Registry reg, PrintStream log) {
        if (params.containsKey(model)) return params.get(model);
        try {
            ModelAlias alias = reg.contains(model) ? reg.alias(model) : reg.byRepo(model);
            if (alias != null) return RandomCheckpoint.parameterCount(alias.config());
            Path dir = Path.of(model);
            Path config = dir.resolve("config.json");
            if (!Files.exists(config) && Files.isDirectory(dir)) {
                try (Stream<Path> sub = Files.list(dir)) {
                    config = sub.map(p -> p.resolve("config.json")).filter(Files::exists).sorted().findFirst().orElse(config);
                }
            }
            if (Files.exists(config)) {
                @SuppressWarnings("unchecked")
                Map<String, Object> json = new ObjectMapper().readValue(config.toFile(), Map.class);
                return RandomCheckpoint.parameterCount(json);
            }
        } catch (IOException | RuntimeException e) {
            log.println("warning: parameter count of " + model + " unknown (" + e.getMessage() + "); give --params " + model + "=N");
            return -1;
        }
        log.println("warning: parameter count of " + model + " unknown; its compute axis is left out (give --params " + model + "=N)");
        return -1;
    }
}
