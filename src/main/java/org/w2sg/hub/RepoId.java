package org.w2sg.hub;

/** A Hub model repository, {@code ORG/NAME}. */
public record RepoId(String org, String name) {
    public RepoId {
        if (org == null || org.isBlank() || name == null || name.isBlank() || org.contains("/") || name.contains("/"))
            throw new IllegalArgumentException("a Hub repo is ORG/NAME, got '" + org + "/" + name + "'");
    }

    public static RepoId parse(String id) {
        int slash = id.indexOf('/');
        if (slash <= 0 || slash == id.length() - 1 || id.indexOf('/', slash + 1) >= 0)
            throw new IllegalArgumentException("'" + id + "' is not a Hub repo id (ORG/NAME)");
        return new RepoId(id.substring(0, slash), id.substring(slash + 1));
    }

    /** The cache folder name huggingface_hub uses: {@code models--ORG--NAME}. */
    public String cacheFolderName() {
        return "models--" + org + "--" + name;
    }

    @Override
    public String toString() {
        return org + "/" + name;
    }
}
