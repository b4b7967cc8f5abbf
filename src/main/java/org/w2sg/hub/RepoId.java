package org.w2sg.hub;

import org.w2sg.errors.UserException;

/**
 * A Hub repository, {@code ORG/NAME}, of a given type: a model repository (the default) or a dataset repository. The
 * type decides the URL paths ({@code /api/datasets/...}, {@code /datasets/ORG/NAME/resolve/...}) and the cache folder
 * ({@code datasets--ORG--NAME}), as in huggingface_hub.
 */
public record RepoId(Type type, String org, String name) {
    /** The kinds of Hub repository the harness reads. */
    public enum Type {
        MODEL("models", ""), DATASET("datasets", "datasets/");

        final String plural, urlPrefix;

        Type(String plural, String urlPrefix) {
            this.plural = plural;
            this.urlPrefix = urlPrefix;
        }
    }

    public RepoId {
        if (type == null) throw new IllegalArgumentException("a Hub repo needs a type");
        if (org == null || org.isBlank() || name == null || name.isBlank() || org.contains("/") || name.contains("/"))
            throw new UserException("a Hub repo is ORG/NAME, got '" + org + "/" + name + "'");
        // the Hub's own rule (huggingface_hub's validate_repo_id); it also keeps models--ORG--NAME one folder name
        for (String part : new String[] {org, name}) {
            if (!part.matches("[A-Za-z0-9_][A-Za-z0-9._-]{0,95}") || part.endsWith(".") || part.endsWith("-")
                    || part.contains("--") || part.contains(".."))
                throw new UserException("'" + org + "/" + name + "' is not a Hub repo id: ORG and NAME are "
                        + "letters, digits, '-', '_' and '.', at most 96 each, not starting or ending with '-' or '.', "
                        + "without '--' or '..'");
        }
    }

    /** A model repository. */
    public RepoId(String org, String name) {
        this(Type.MODEL, org, name);
    }

    /** A model repository, {@code ORG/NAME}. */
    public static RepoId parse(String id) {
        return parse(Type.MODEL, id);
    }

    /** A dataset repository, {@code ORG/NAME}. */
    public static RepoId dataset(String id) {
        return parse(Type.DATASET, id);
    }

    private static RepoId parse(Type type, String id) {
        int slash = id.indexOf('/');
        if (slash <= 0 || slash == id.length() - 1 || id.indexOf('/', slash + 1) >= 0)
            throw new UserException("'" + id + "' is not a Hub " + (type == Type.DATASET ? "dataset" : "repo")
                    + " id (ORG/NAME)");
        return new RepoId(type, id.substring(0, slash), id.substring(slash + 1));
    }

    /** The cache folder name huggingface_hub uses: {@code models--ORG--NAME} or {@code datasets--ORG--NAME}. */
    public String cacheFolderName() {
        return type.plural + "--" + org + "--" + name;
    }

    /** The repo's path on the Hub's web and resolve URLs: {@code ORG/NAME} or {@code datasets/ORG/NAME}. */
    public String urlPath() {
        return type.urlPrefix + org + "/" + name;
    }

    /** The repo's path under {@code /api/}: {@code models/ORG/NAME} or {@code datasets/ORG/NAME}. */
    public String apiPath() {
        return type.plural + "/" + org + "/" + name;
    }

    /** {@code ORG/NAME} for a model, {@code datasets/ORG/NAME} for a dataset (as the Hub's URLs name them). */
    @Override
    public String toString() {
        return urlPath();
    }
}
