package org.w2sg.cli;

import org.w2sg.registry.RefLister;

/** The branch lister the CLI uses for refs-based aliases (OLMo). */
final class HubRefs {
    private HubRefs() {}

    static RefLister fromEnvironment() {
        return repo -> {
            throw new UserException("listing the branches of " + repo + " needs the Hub client, which is not built yet");
        };
    }
}
