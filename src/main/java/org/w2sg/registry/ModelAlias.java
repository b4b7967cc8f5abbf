package org.w2sg.registry;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.w2sg.errors.UserException;

/**
 * A named model of the registry: its Hub repo, how its revisions are found, its tokenizer, its default weak
 * supervisor and its architecture as the fields of the repo's config.json ({@link #config()}).
 */
public record ModelAlias(String name, String repo, String family, String description, RevisionScheme revisionScheme,
                         TokenizerRef tokenizer, WeakSupervisor weakSupervisor, Map<String, Object> config) {
    public ModelAlias {
        config = Collections.unmodifiableMap(config);
    }

    public String modelType() {
        return (String) config.get("model_type");
    }

    public int numLayers() {
        return intField("num_hidden_layers");
    }

    public int hiddenSize() {
        return intField("hidden_size");
    }

    /** The default probe layer, (L+1)//2 as in DESIGN.md. */
    public int middleLayer() {
        return (numLayers() + 1) / 2;
    }

    /** All revisions in step order (for refs-based aliases this asks the Hub, or the cache when offline). */
    public List<Revision> revisions(RefLister refs) throws IOException {
        return revisionScheme.revisions(repo, refs);
    }

    /**
     * The revision called {@code name} ("step1000", "1000", or any branch of a refs-based repo, e.g. "main"); an
     * unknown name is an error that lists the nearest existing revisions.
     */
    public Revision revision(String name, RefLister refs) throws IOException {
        List<Revision> all = revisions(refs);
        for (Revision r : all) if (r.name().equals(name)) return r;
        if (name.matches("\\d+")) {
            long step = Long.parseLong(name);
            for (Revision r : all) if (r.step() == step) return r;
        }
        if (revisionScheme.fromRefs() && refs.branches(repo).contains(name)) {
            return RevisionScheme.parseLoose(name);
        }
        throw new UserException("model '" + this.name + "' (" + repo + ") has no revision '" + name
                + "'; nearest: " + String.join(", ", Nearest.revisions(all, name, 4).stream().map(Revision::name).toList()));
    }

    private int intField(String key) {
        Object v = config.get(key);
        if (!(v instanceof Number n))
            throw new UserException("alias '" + name + "': config." + key + " is missing or not a number");
        return n.intValue();
    }
}
