package org.w2sg.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.w2sg.errors.UserException;
import org.w2sg.hub.HubClient;
import org.w2sg.hub.HubSettings;
import org.w2sg.hub.RepoId;
import org.w2sg.registry.CheckpointSpec;
import org.w2sg.registry.ModelAlias;
import org.w2sg.registry.Registry;
import org.w2sg.registry.Revision;
import org.w2sg.registry.StepSelector;

/**
 * Turns {@code --model} and {@code --weak} into checkpoint sources: a local folder of checkpoints, a registry alias,
 * or any ORG/NAME on the Hub (the registry's entry for that repo is used when there is one).
 */
public final class Checkpoints implements AutoCloseable {
    private final Registry registry;
    private final HubSettings hubSettings;
    private final boolean keepWeights;
    private final long tokensPerStep;
    private HubClient hub;
    private final java.util.List<HubCheckpoints> opened = new java.util.ArrayList<>();

    /** @param hubSettings where the Hub is and its cache; null = from the environment (HF_ENDPOINT, HF_HOME ...) */
    public Checkpoints(Registry registry, HubSettings hubSettings, boolean keepWeights, long tokensPerStep) {
        this.registry = registry;
        this.hubSettings = hubSettings;
        this.keepWeights = keepWeights;
        this.tokensPerStep = tokensPerStep;
    }

    public CheckpointSource source(String model) {
        if (model == null || model.isBlank()) throw new UserException("--model is empty: give an alias (see 'harness "
                + "checkpoints'), ORG/NAME, or a folder of checkpoints");
        HubCheckpoints h = switch (CheckpointSpec.parse(model, registry)) {
            case CheckpointSpec.Folder f -> null;
            case CheckpointSpec.Alias a -> new HubCheckpoints(a.alias().name(), RepoId.parse(a.alias().repo()), a.alias(),
                    hub(), keepWeights, tokensPerStep);
            case CheckpointSpec.HubRepo r -> new HubCheckpoints(r.alias() != null ? r.alias().name() : r.repo(),
                    RepoId.parse(r.repo()), r.alias(), hub(), keepWeights, tokensPerStep);
        };
        if (h == null) return new LocalCheckpoints(Path.of(model), tokensPerStep);
        opened.add(h);
        return h;
    }

    /** {@code spec} null means the strong model's default weak supervisor from the registry. */
    public WeakChoice weak(WeakSpec spec, CheckpointSource strong) throws IOException {
        if (spec instanceof WeakSpec.NoisyGold n) return new WeakChoice.NoisyGold(n.flipProbability());
        if (spec instanceof WeakSpec.StructuredNoise n) return new WeakChoice.StructuredNoise(n.errorRate());
        WeakSpec.Checkpoint c;
        if (spec == null) {
            ModelAlias alias = strong instanceof HubCheckpoints h ? h.alias() : null;
            if (alias == null) {
                throw new UserException(strong.model() + " has no default weak supervisor (it is not an alias of "
                        + "checkpoints.yaml): give --weak MODEL[@REVISION][:LAYER] (e.g. --weak pythia-70m@step143000) "
                        + "or --weak noisy-gold:0.2");
            }
            var w = alias.weakSupervisor();
            c = new WeakSpec.Checkpoint(w.model(), w.revision(),
                    w.layer().equals("middle") ? java.util.OptionalInt.empty()
                            : java.util.OptionalInt.of(Integer.parseInt(w.layer())));
        } else {
            c = (WeakSpec.Checkpoint) spec;
        }
        CheckpointSource source = source(c.model());
        List<Revision> all = source.revisions();
        Revision revision = c.revision() == null ? all.getLast()
                : StepSelector.parse(c.revision()).select(all).getFirst();
        int layers = source.numLayers();
        int layer = c.layer().orElse((layers + 1) / 2);
        if (layer > layers) {
            throw new UserException("--weak " + c + ": layer " + layer + " does not exist; " + source.model() + " has "
                    + layers + " layers, so hidden states run from 0 (embeddings) to " + layers);
        }
        return new WeakChoice.GoldProbe(source, revision, layer);
    }

    private HubClient hub() {
        if (hub == null) hub = new HubClient(hubSettings != null ? hubSettings : HubSettings.fromEnvironment());
        return hub;
    }

    @Override
    public void close() {
        for (HubCheckpoints h : opened) h.close();
    }
}
