package org.w2sg.cli;

import org.w2sg.hub.HubClient;
import org.w2sg.hub.HubSettings;
import org.w2sg.registry.RefLister;

/** The branch lister the CLI uses for refs-based aliases (OLMo): the Hub, or the cache when HF_HUB_OFFLINE=1. */
final class HubRefs {
    private HubRefs() {}

    static RefLister fromEnvironment() {
        return repo -> new HubClient(HubSettings.fromEnvironment().withProgress(false)).branches(repo);
    }
}
