package org.w2sg.sweep;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.w2sg.data.DatasetLoader;
import org.w2sg.data.SplitSizes;
import org.w2sg.extract.ExtractOptions;
import org.w2sg.extract.LayerSelection;
import org.w2sg.extract.Pooling;
import org.w2sg.geometry.GeometryOptions;
import org.w2sg.hub.HubSettings;
import org.w2sg.model.ModelOptions;
import org.w2sg.probe.BootstrapOptions;
import org.w2sg.probe.LabelKind;
import org.w2sg.probe.ProbeOptions;
import org.w2sg.registry.Registry;
import org.w2sg.registry.StepSelector;
import org.w2sg.run.RunSettings;
import org.w2sg.run.Shard;

/**
 * Everything a sweep needs, parsed and checked: the command's options as values (the command builds it; tests may too).
 *
 * @param model         --model as given: an alias, ORG/NAME or a local folder of checkpoints
 * @param weak          --weak's supervisors (several: one curve each), or empty for the model's default supervisor in
 *                      the registry
 * @param out           the run folder, or null for results/&lt;model&gt;/
 * @param store         the activation store, or null for the run folder's activations/
 * @param hub           the Hub and its cache
 * @param tokensPerStep for a local folder whose names do not say the tokens seen; 0 = not given
 * @param invocation    how this process was started (the command line and the options given), for run.json
 * @param geometry      the geometry metrics each unit adds (org.w2sg.geometry), or null for none
 */
public record SweepConfig(String model, Registry registry, HubSettings hub, List<String> datasets, DatasetLoader data,
                          StepSelector steps, LayerSelection layers, List<Integer> seeds, SplitSizes sizes,
                          List<WeakSpec> weak, LabelKind weakLabels, Pooling pooling, ProbeOptions probe,
                          BootstrapOptions bootstrap, ModelOptions device, ExtractOptions extraction, Path out,
                          Path store, Shard shard, long tokensPerStep, boolean keepWeights, boolean progress,
                          Map<String, Object> invocation, GeometryOptions geometry) {
    public SweepConfig {
        datasets = List.copyOf(datasets);
        seeds = List.copyOf(seeds);
        weak = weak == null ? List.of() : List.copyOf(weak);
        invocation = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(invocation));
    }

    /** The options that change the numbers, for the run folder's fingerprint (the weak supervisors are not in it). */
    RunSettings settings(String modelName, String weakDescription) {
        return new RunSettings(modelName, datasets, layers.spec(), seeds, sizes.weakTrain(), sizes.transfer(),
                sizes.test(), weakDescription, pooling.tag(), extraction.maxLength(),
                weakLabels.name().toLowerCase(Locale.ROOT),
                new RunSettings.Probe(probe.folds(), Arrays.stream(probe.lambdas()).boxed().toList(),
                        bootstrap.resamples(), bootstrap.pgrFloor()),
                geometry == null ? RunSettings.NO_GEOMETRY : geometry.describe());
    }

    Path outDir(String modelName) {
        return out != null ? out : Path.of("results", modelName.replace("/", "--"));
    }

    Path storeDir(Path runDir) {
        return store != null ? store : runDir.resolve("activations");
    }
}
