package org.w2sg.registry;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.w2sg.errors.UserException;

/**
 * The checkpoint registry (checkpoints.yaml): model aliases with their repo, revisions, tokenizer, weak supervisor
 * and architecture. {@link #load(Path)} takes an explicit file, else {@code ./checkpoints.yaml}, else the copy
 * bundled in the jar, so the harness works from any folder.
 */
public final class Registry {
    public static final String FILE_NAME = "checkpoints.yaml";

    private final String source;
    private final Map<String, ModelAlias> aliases;

    private Registry(String source, Map<String, ModelAlias> aliases) {
        this.source = source;
        this.aliases = Collections.unmodifiableMap(aliases);
    }

    /** {@code explicit} when given, else ./checkpoints.yaml when present, else the bundled registry. */
    public static Registry load(Path explicit) throws IOException {
        if (explicit != null) {
            if (!Files.isRegularFile(explicit))
                throw new UserException("registry file " + explicit + " does not exist");
            return parse(Files.readString(explicit, StandardCharsets.UTF_8), explicit.toString());
        }
        Path local = Path.of(FILE_NAME);
        if (Files.isRegularFile(local)) return parse(Files.readString(local, StandardCharsets.UTF_8), local.toString());
        return bundled();
    }

    /** The registry shipped inside the jar (top-level checkpoints.yaml of the project). */
    public static Registry bundled() throws IOException {
        try (InputStream in = Registry.class.getResourceAsStream("/" + FILE_NAME)) {
            if (in == null) throw new IllegalStateException(FILE_NAME + " is not on the classpath; the build must bundle it");
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + FILE_NAME);
        }
    }

    /** Parses registry text; {@code source} names the file in error messages. */
    public static Registry parse(String yaml, String source) {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        RegistryFile file;
        try {
            file = mapper.readValue(yaml, RegistryFile.class);
        } catch (JacksonException e) {
            throw new UserException(describe(source, e, new YamlLocations(yaml)), e);
        }
        if (file == null) throw new UserException(source + ": the registry is empty");
        YamlLocations where = new YamlLocations(yaml);
        Map<String, ModelAlias> out = new LinkedHashMap<>();
        for (var e : file.aliases().entrySet()) {
            out.put(e.getKey(), build(e.getKey(), e.getValue(), file, source, where));
        }
        Registry registry = new Registry(source, out);
        for (ModelAlias a : out.values()) {
            if (!out.containsKey(a.weakSupervisor().model())) {
                String path = (file.aliases().get(a.name()).weakSupervisor() != null ? "aliases." + a.name()
                        : "families." + a.family()) + ".weak_supervisor.model";
                throw new UserException(at(source, where, path) + "field " + path + ": unknown alias '"
                        + a.weakSupervisor().model() + "'; did you mean " + String.join(", ", Nearest.names(out.keySet(), a.weakSupervisor().model(), 3)) + "?");
            }
        }
        return registry;
    }

    public String source() {
        return source;
    }

    public Collection<ModelAlias> aliases() {
        return aliases.values();
    }

    public boolean contains(String name) {
        return aliases.containsKey(name);
    }

    /** The alias called {@code name}; an unknown name is an error listing the closest known names. */
    public ModelAlias alias(String name) {
        ModelAlias a = aliases.get(name);
        if (a != null) return a;
        for (ModelAlias b : aliases.values()) if (b.name().equalsIgnoreCase(name)) return b;
        throw new UserException("unknown model alias '" + name + "' in " + source + "; did you mean: "
                + String.join(", ", Nearest.names(aliases.keySet(), name, 5))
                + "? (or give ORG/NAME@REVISION, or a local checkpoint folder)");
    }

    /** The alias whose repo is {@code repo} (e.g. EleutherAI/pythia-70m), or null. */
    public ModelAlias byRepo(String repo) {
        for (ModelAlias a : aliases.values()) if (a.repo().equalsIgnoreCase(repo)) return a;
        return null;
    }

    private static ModelAlias build(String name, RegistryFile.Alias a, RegistryFile file, String source, YamlLocations where) {
        String base = "aliases." + name;
        if (a == null) throw new UserException(at(source, where, base) + "alias '" + name + "' is empty");
        if (a.repo() == null || !a.repo().matches("[\\w.-]+/[\\w.-]+"))
            throw new UserException(at(source, where, base + ".repo") + "field " + base + ".repo: "
                    + (a.repo() == null ? "missing" : "'" + a.repo() + "' is not ORG/NAME"));
        RegistryFile.Family fam = null;
        if (a.family() != null) {
            fam = file.families().get(a.family());
            if (fam == null)
                throw new UserException(at(source, where, base + ".family") + "field " + base + ".family: unknown family '"
                        + a.family() + "' (known: " + String.join(", ", file.families().keySet()) + ")");
        }
        String famPath = "families." + a.family();
        RegistryFile.Revisions rev = a.revisions() != null ? a.revisions() : fam == null ? null : fam.revisions();
        String revPath = a.revisions() != null ? base + ".revisions" : famPath + ".revisions";
        RegistryFile.Tokenizer tok = a.tokenizer() != null ? a.tokenizer() : fam == null ? null : fam.tokenizer();
        String tokPath = a.tokenizer() != null ? base + ".tokenizer" : famPath + ".tokenizer";
        RegistryFile.Weak weak = a.weakSupervisor() != null ? a.weakSupervisor() : fam == null ? null : fam.weakSupervisor();
        String weakPath = a.weakSupervisor() != null ? base + ".weak_supervisor" : famPath + ".weak_supervisor";
        if (rev == null) throw missing(source, where, base, "revisions");
        if (tok == null) throw missing(source, where, base, "tokenizer");
        if (weak == null) throw missing(source, where, base, "weak_supervisor");

        RevisionScheme scheme = checked(source, where, revPath, () -> new RevisionScheme(rev.scheme(), rev.tokensPerStep(), rev.pattern()));
        TokenizerRef tokenizer = checked(source, where, tokPath, () -> new TokenizerRef(tok.file(), tok.shared()));
        WeakSupervisor supervisor = checked(source, where, weakPath, () -> new WeakSupervisor(weak.model(), weak.revision(), weak.layer()));

        Map<String, Object> config = new LinkedHashMap<>();
        if (fam != null && fam.config() != null) config.putAll(fam.config());
        if (a.config() != null) config.putAll(a.config());
        for (String key : RegistryFile.REQUIRED_CONFIG) {
            Object v = config.get(key);
            boolean ok = key.equals("model_type") ? v instanceof String : v instanceof Integer i && i > 0;
            if (!ok)
                throw new UserException(at(source, where, base + ".config." + key) + "field " + base + ".config." + key + ": "
                        + (v == null ? "missing (set it on the alias or its family)" : "'" + v + "' is not "
                        + (key.equals("model_type") ? "a string" : "a positive integer")));
        }
        return new ModelAlias(name, a.repo(), a.family(), a.description(), scheme, tokenizer, supervisor, config);
    }

    private interface Maker<T> {
        T make();
    }

    private static <T> T checked(String source, YamlLocations where, String path, Maker<T> maker) {
        try {
            return maker.make();
        } catch (IllegalArgumentException e) {
            throw new UserException(at(source, where, path) + "field " + path + ": " + e.getMessage(), e);
        }
    }

    private static IllegalArgumentException missing(String source, YamlLocations where, String base, String field) {
        return new UserException(at(source, where, base) + "field " + base + "." + field
                + ": missing (set it on the alias or on its family)");
    }

    private static String at(String source, YamlLocations where, String path) {
        int line = where.line(path);
        return line > 0 ? source + " line " + line + ": " : source + ": ";
    }

    /** Jackson's error as one line: file, line, column, the dotted field path, and what was wrong. */
    private static String describe(String source, JacksonException e, YamlLocations keys) {
        JsonLocation loc = e.getLocation();
        String where = loc == null ? source + ": " : source + " line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": ";
        String path = "";
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            path = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            // Jackson's location is where the parser stopped (often the next key); the key's own line is clearer
            int line = keys.exactLine(path);
            if (line > 0) where = source + " line " + line + ": ";
        }
        String what;
        if (e instanceof UnrecognizedPropertyException u) {
            what = "unknown field '" + u.getPropertyName() + "' (allowed here: " + u.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", ")) + ")";
        } else if (e instanceof InvalidFormatException f) {
            what = "'" + f.getValue() + "' is not a valid " + f.getTargetType().getSimpleName().toLowerCase();
        } else if (e instanceof MismatchedInputException mi && mi.getTargetType() != null) {
            what = "expected " + kind(mi.getTargetType());
        } else {
            what = e.getOriginalMessage().lines().findFirst().orElse("malformed YAML");
        }
        return where + (path.isEmpty() ? "" : "field " + path + ": ") + what;
    }

    private static String kind(Class<?> type) {
        if (Map.class.isAssignableFrom(type) || type.isRecord()) return "a mapping (key: value lines)";
        if (Collection.class.isAssignableFrom(type)) return "a list";
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) return "a number";
        return "a " + type.getSimpleName().toLowerCase();
    }
}
