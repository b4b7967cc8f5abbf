package org.w2sg.registry;

/**
 * One checkpoint of a model: the Hub branch name, the optimizer step it was saved at and the number of training
 * tokens seen by then. {@code tokens} is -1 when the name does not say.
 */
public record Revision(String name, long step, long tokens) implements Comparable<Revision> {
    public Revision {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("revision name is empty");
    }

    @Override
    public int compareTo(Revision o) {
        int c = Long.compare(step, o.step);
        return c != 0 ? c : name.compareTo(o.name);
    }
}
