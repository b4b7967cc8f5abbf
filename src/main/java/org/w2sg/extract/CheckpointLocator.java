package org.w2sg.extract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.w2sg.errors.UserException;
import org.w2sg.hub.CheckpointResolver;
import org.w2sg.hub.ResolvedCheckpoint;
import org.w2sg.registry.CheckpointSpec;

/**
 * Turns a checkpoint spec from the command line into a local folder: a path is used as it is; {@code ORG/NAME@REV}
 * and registry aliases ({@code pythia-70m@step1000}) go through the hub client, which fetches into (or, offline,
 * reads from) the shared Hugging Face cache.
 */
@FunctionalInterface
public interface CheckpointLocator {
    CheckpointRef locate(String spec);

    /** Local folders only; a Hub spec gets a message saying how to make it local. */
    static CheckpointLocator localOnly() {
        return spec -> {
            Path p = Path.of(spec);
            if (Files.isDirectory(p)) return CheckpointRef.local(p);
            throw new UserException("checkpoint folder " + spec + " does not exist");
        };
    }

    /**
     * Local folders as they are (hashed once, then by size and time), everything else through the resolver, which is
     * only made when needed.
     */
    static CheckpointLocator withHub(HubResolverFactory resolver) {
        return spec -> {
            if (CheckpointSpec.namesFolder(spec)) {
                if (Files.isDirectory(Path.of(spec))) return CheckpointRef.local(Path.of(spec));
                throw new UserException("checkpoint folder " + spec + " does not exist");
            }
            try {
                ResolvedCheckpoint r = resolver.create().resolve(spec, null);
                return r.isLocal() ? CheckpointRef.local(r.dir()) : new CheckpointRef(r.repo(), r.revision(), r.dir());
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        };
    }

    /** Makes the hub's resolver (reading the registry and the hub settings) on first use. */
    @FunctionalInterface
    interface HubResolverFactory {
        CheckpointResolver create() throws IOException;
    }

}
