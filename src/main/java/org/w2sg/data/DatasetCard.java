package org.w2sg.data;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A dataset card ({@code datasets/<name>.yaml}): where the data comes from (upstream file, licence, sha256), how its
 * files are read, which files form the train pool and which the test set, and how a raw row becomes
 * {@code (text, label)}. When {@code files.test} is empty the test split is drawn from the train pool, disjoint from
 * the other splits.
 */
public record DatasetCard(
        String name,
        String title,
        String description,
        String licence,
        String citation,
        String homepage,
        String format,
        boolean header,
        List<String> columns,
        Files files,
        List<Transform> transforms,
        LabelRule label,
        String template,
        long formatSeed,
        String notes) {

    public static final Set<String> FORMATS = Set.of("tsv", "csv", "jsonl", "jsonl.gz");

    public DatasetCard {
        columns = columns == null ? List.of() : List.copyOf(columns);
        transforms = transforms == null ? List.of() : List.copyOf(transforms);
    }

    /** The files of the card: {@code train} is the pool for the weak-train and transfer splits. */
    public record Files(List<DataFile> train, List<DataFile> test) {
        public Files {
            train = train == null ? List.of() : List.copyOf(train);
            test = test == null ? List.of() : List.copyOf(test);
        }
    }

    /**
     * One data file. {@code path} is relative to the data folder ({@code --data-dir}); {@code url} and {@code hub}
     * say where the identical bytes (same sha256) come from upstream.
     */
    public record DataFile(String path, String url, HubFile hub, String sha256, Long bytes, Long rows) {}

    /** A file in a Hugging Face Hub dataset repository. */
    public record HubFile(String repo, String file, String revision) {}

    /** A per-column clean-up applied before formatting: {@code strip} or {@code drop_through} (with separator). */
    public record Transform(String column, String op, String separator) {}

    public boolean testFromTrainPool() {
        return files.test().isEmpty();
    }

    /** Checks the card is complete and self-consistent; the message names the card and the field. */
    public DatasetCard validate(String origin) {
        List<String> problems = new ArrayList<>();
        if (name == null || name.isBlank()) problems.add("'name' is missing");
        if (format == null || !FORMATS.contains(format)) problems.add("'format' must be one of " + FORMATS + ", got " + format);
        if (columns.isEmpty()) problems.add("'columns' lists no column");
        if (files == null || files.train().isEmpty()) problems.add("'files.train' lists no file");
        if (files != null) {
            for (DataFile f : concat(files.train(), files.test())) {
                if (f.path() == null || f.path().isBlank()) problems.add("a file has no 'path'");
                if (f.sha256() != null && !f.sha256().matches("[0-9a-f]{64}")) {
                    problems.add("file " + f.path() + ": 'sha256' must be 64 lowercase hex digits");
                }
            }
        }
        Set<String> known = new LinkedHashSet<>(columns);
        for (Transform t : transforms) {
            if (!known.contains(t.column())) problems.add("transform on unknown column '" + t.column() + "'");
            if (!Set.of("strip", "drop_through").contains(t.op())) {
                problems.add("transform op must be 'strip' or 'drop_through', got '" + t.op() + "'");
            }
            if ("drop_through".equals(t.op()) && (t.separator() == null || t.separator().isEmpty())) {
                problems.add("transform drop_through on '" + t.column() + "' needs a 'separator'");
            }
        }
        if (label == null) {
            problems.add("'label' (the label rule) is missing");
        } else {
            for (String c : label.columnsRead()) {
                if (!known.contains(c)) problems.add("label rule reads unknown column '" + c + "'");
            }
            known.addAll(label.fieldsAdded());
        }
        if (template == null || template.isEmpty()) {
            problems.add("'template' is missing");
        } else {
            for (String field : Template.fields(template)) {
                if (!known.contains(field)) {
                    problems.add("template field {" + field + "} is neither a column nor set by the label rule " + known);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new DatasetException("dataset card " + origin + ": " + String.join("; ", problems));
        }
        return this;
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
