package org.w2sg.registry;

import java.nio.file.Files;
import java.nio.file.Path;
import org.w2sg.errors.UserException;

/**
 * How a user names a model or one of its checkpoints on the command line, {@code alias | ORG/NAME[@REV] | folder}: the
 * one parser behind {@code --model}, {@code --weak}'s model, {@code --checkpoint} and the download commands. A spec
 * that names an existing folder, or can only be a path (it starts with /, . or ~, or is more than ORG/NAME deep), is a
 * folder; what the folder must hold is for the caller to say. Otherwise {@code @REV} may follow the name, which is a
 * registry alias when the registry has it or it has no '/', else a Hub repo ORG/NAME.
 */
public sealed interface CheckpointSpec {
    /** The spec as given. */
    String text();

    /** The revision after '@', or null when none was given (a folder has none). */
    String revision();

    /** A local folder (of one checkpoint, or of several as sub-folders). */
    record Folder(String text, Path dir) implements CheckpointSpec {
        @Override
        public String revision() {
            return null;
        }
    }

    /** A model of checkpoints.yaml. */
    record Alias(String text, ModelAlias alias, String revision) implements CheckpointSpec {}

    /** Any ORG/NAME on the Hub (the registry's alias for it, when it has one, is {@code alias}, else null). */
    record HubRepo(String text, String repo, ModelAlias alias, String revision) implements CheckpointSpec {}

    /** @param registry the aliases; null for none (then only folders and ORG/NAME) */
    static CheckpointSpec parse(String spec, Registry registry) {
        if (spec == null || spec.isBlank()) {
            throw new UserException("no checkpoint given: name an alias (see 'harness checkpoints'), ORG/NAME[@REVISION] "
                    + "or a folder");
        }
        if (namesFolder(spec)) return new Folder(spec, Path.of(spec));
        String name = spec;
        String revision = null;
        int at = spec.lastIndexOf('@');
        if (at > 0) {
            name = spec.substring(0, at);
            revision = spec.substring(at + 1);
            if (revision.isBlank()) throw new UserException("'" + spec + "': nothing after '@' (expected a revision)");
        }
        if (registry != null && (registry.contains(name) || !name.contains("/"))) {
            return new Alias(spec, registry.alias(name), revision); // an unknown name fails here, listing the nearest
        }
        if (!name.matches("[\\w.-]+/[\\w.-]+")) {
            throw new UserException("'" + spec + "' is not a checkpoint folder, a registry alias, or ORG/NAME@REVISION");
        }
        return new HubRepo(spec, name, registry == null ? null : registry.byRepo(name), revision);
    }

    /** Whether the spec is a folder: one that exists, or a spec that can only mean a path. */
    static boolean namesFolder(String spec) {
        return Files.isDirectory(Path.of(spec)) || looksLikePath(spec);
    }

    /** A spec that can only mean a path: absolute, relative with ./ or ../, home-relative, or more than ORG/NAME deep. */
    private static boolean looksLikePath(String spec) {
        String name = spec.contains("@") ? spec.substring(0, spec.lastIndexOf('@')) : spec;
        return name.startsWith("/") || name.startsWith(".") || name.startsWith("~")
                || name.chars().filter(c -> c == '/').count() > 1;
    }
}
