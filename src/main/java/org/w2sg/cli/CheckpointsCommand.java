package org.w2sg.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.w2sg.registry.ModelAlias;
import org.w2sg.registry.RefLister;
import org.w2sg.registry.Registry;
import org.w2sg.registry.Revision;
import org.w2sg.registry.StepSelector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "checkpoints", mixinStandardHelpOptions = true,
        description = {"Lists a model's revisions with step and tokens seen.",
                "Pythia revisions are the 154 fixed branches; OLMo revisions are read from the repo's branches "
                        + "(or the local Hugging Face cache when HF_HUB_OFFLINE=1).",
                "Without --model it lists the registry's aliases."})
public final class CheckpointsCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "ALIAS", description = "Alias from checkpoints.yaml, e.g. pythia-410m.")
    String model;

    @Option(names = "--steps", paramLabel = "SPEC", defaultValue = "all",
            description = "Which revisions: a list (step1000,step2000 or 1000,2000), a range START:END:STRIDE, log:N, or all (default).")
    String steps;

    @Option(names = "--csv", description = "Write CSV (revision,step,tokens) instead of a table.")
    boolean csv;

    @Mixin
    RegistryOption registry;

    @Spec
    CommandSpec spec;

    /** Lists branches of refs-based repos; replaced in tests. */
    RefLister refs = HubRefs.fromEnvironment();

    @Override
    public Integer call() throws Exception {
        Registry reg = registry.load();
        PrintWriter out = spec.commandLine().getOut();
        if (model == null) {
            out.printf("%-22s %-32s %-8s %6s %7s  %s%n", "alias", "repo", "type", "layers", "hidden", "weak supervisor");
            for (ModelAlias a : reg.aliases())
                out.printf("%-22s %-32s %-8s %6d %7d  %s%n", a.name(), a.repo(), a.modelType(), a.numLayers(), a.hiddenSize(), a.weakSupervisor());
            out.flush();
            return 0;
        }
        ModelAlias alias = reg.alias(model);
        List<Revision> selected = StepSelector.parse(steps).select(alias.revisions(refs));
        if (csv) {
            out.println("revision,step,tokens");
            for (Revision r : selected) out.println(r.name() + "," + r.step() + "," + (r.tokens() < 0 ? "" : r.tokens()));
        } else {
            out.printf("%s (%s): %d revisions%n", alias.name(), alias.repo(), selected.size());
            out.printf("%-34s %10s %18s%n", "revision", "step", "tokens");
            for (Revision r : selected)
                out.printf("%-34s %10d %18s%n", r.name(), r.step(), r.tokens() < 0 ? "?" : String.format("%,d", r.tokens()));
        }
        out.flush();
        return 0;
    }
}
