package org.w2sg.run;

/**
 * The smallest piece of a sweep that is done or not done: one strong-model revision, one dataset, one layer, one split
 * seed, one weak supervisor. A finished unit is one ledger record.
 *
 * @param weak the weak supervisor (e.g. {@code pythia-70m@step143000:3}); null in a record written before a run could
 *             have several, where it is the run's one supervisor ({@link #withWeak} fills it in)
 */
public record Unit(String revision, long step, long tokens, String dataset, int layer, int seed, String weak) {
    public Unit {
        if (revision == null || revision.isBlank()) throw new IllegalArgumentException("a unit needs a revision");
        if (dataset == null || dataset.isBlank()) throw new IllegalArgumentException("a unit needs a dataset");
    }

    /** A unit of the run's one weak supervisor (tests, and records from before several supervisors). */
    public Unit(String revision, long step, long tokens, String dataset, int layer, int seed) {
        this(revision, step, tokens, dataset, layer, seed, null);
    }

    /** This unit with its supervisor named, when the record did not name it. */
    public Unit withWeak(String supervisor) {
        return weak != null ? this : new Unit(revision, step, tokens, dataset, layer, seed, supervisor);
    }

    /** Identity of the unit inside one run folder (the model and configuration are fixed per folder). */
    public String key() {
        return revision + "|" + dataset + "|" + layer + "|" + seed + (weak == null ? "" : "|" + weak);
    }

    @Override
    public String toString() {
        return revision + " " + dataset + " layer " + layer + " seed " + seed + (weak == null ? "" : " weak " + weak);
    }
}
