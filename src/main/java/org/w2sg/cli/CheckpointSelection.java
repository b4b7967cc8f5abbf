package org.w2sg.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.w2sg.errors.UserException;
import org.w2sg.hub.RepoId;
import org.w2sg.registry.CheckpointSpec;
import org.w2sg.registry.ModelAlias;
import org.w2sg.registry.RefLister;
import org.w2sg.registry.Registry;
import org.w2sg.registry.Revision;
import org.w2sg.registry.RevisionScheme;
import org.w2sg.registry.StepSelector;

/**
 * The revisions a command walks: {@code --model} (an alias, or ORG/NAME whose branches are read from the Hub) with
 * {@code --steps}, plus any {@code --revision} named outright.
 */
record CheckpointSelection(RepoId repo, ModelAlias alias, List<Revision> revisions) {
    static CheckpointSelection of(Registry registry, String model, String steps, List<String> explicit, RefLister refs)
            throws IOException {
        ModelAlias alias = switch (CheckpointSpec.parse(model, registry)) {
            case CheckpointSpec.Alias a -> a.alias();
            case CheckpointSpec.HubRepo r -> r.alias();
            case CheckpointSpec.Folder f -> throw new UserException("--model " + model + ": a local folder has nothing to "
                    + "download; give an alias (see 'harness checkpoints') or ORG/NAME");
        };
        RepoId repo = RepoId.parse(alias != null ? alias.repo() : model);
        List<Revision> out = new ArrayList<>();
        if (steps != null || explicit.isEmpty()) {
            List<Revision> all;
            if (alias != null) {
                all = alias.revisions(refs);
            } else {
                all = new ArrayList<>();
                for (String b : refs.branches(repo.toString())) {
                    Revision r = RevisionScheme.parseLoose(b);
                    if (r.step() >= 0) all.add(r);
                }
                all.sort(null);
                if (all.isEmpty())
                    throw new UserException(repo + " has no branches named by step; name revisions with --revision");
            }
            out.addAll(StepSelector.parse(steps == null ? "all" : steps).select(all));
        }
        for (String name : explicit) {
            Revision r = alias != null ? alias.revision(name, refs) : RevisionScheme.parseLoose(name);
            if (!out.contains(r)) out.add(r);
        }
        return new CheckpointSelection(repo, alias, out);
    }

    List<String> extraFiles() {
        return alias == null ? List.of() : List.of(alias.tokenizer().file());
    }
}
