package org.w2sg.run;

/**
 * The smallest piece of a sweep that is done or not done: one strong-model revision, one dataset, one layer, one split
 * seed. A finished unit is one ledger record.
 */
public record Unit(String revision, long step, long tokens, String dataset, int layer, int seed) {
    public Unit {
        if (revision == null || revision.isBlank()) throw new IllegalArgumentException("a unit needs a revision");
        if (dataset == null || dataset.isBlank()) throw new IllegalArgumentException("a unit needs a dataset");
    }

    /** Identity of the unit inside one run folder (the model and configuration are fixed per folder). */
    public String key() {
        return revision + "|" + dataset + "|" + layer + "|" + seed;
    }

    @Override
    public String toString() {
        return revision + " " + dataset + " layer " + layer + " seed " + seed;
    }
}
