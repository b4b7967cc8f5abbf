package org.w2sg.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.w2sg.errors.UserException;
import org.w2sg.registry.Revision;
import org.w2sg.run.Shard;
import org.w2sg.run.Unit;

/**
 * Every unit of a sweep in the order it runs: revision by revision (so a checkpoint is loaded once and its activations
 * serve all its units), then dataset, layer and seed.
 */
public record Plan(List<Unit> units) {
    public Plan {
        units = List.copyOf(units);
    }

    /**
     * The plan with each unit that names no weak supervisor given the run's one ({@code weak}, as in its settings), so
     * it matches the ledger's records, which always name theirs; several supervisors joined by ',' name none.
     */
    public Plan named(String weak) {
        if (weak == null || weak.contains(",")) return this;
        return new Plan(units.stream().map(u -> u.withWeak(weak)).toList());
    }

    public static Plan of(List<Revision> revisions, List<String> datasets, List<Integer> layers, List<Integer> seeds) {
        List<String> one = new ArrayList<>();
        one.add(null);
        return of(revisions, datasets, layers, seeds, one);
    }

    /** @param weak the weak supervisors' descriptions, each a unit of its own (null: the run's one, unnamed) */
    public static Plan of(List<Revision> revisions, List<String> datasets, List<Integer> layers, List<Integer> seeds,
                          List<String> weak) {
        if (revisions.isEmpty()) throw new UserException("the sweep has no revisions to run: check --steps");
        if (datasets.isEmpty()) throw new UserException("the sweep has no datasets: give --datasets");
        if (layers.isEmpty()) throw new UserException("the sweep has no layers: give --layers");
        if (seeds.isEmpty()) throw new UserException("the sweep has no split seeds: give --seeds");
        List<Unit> units = new ArrayList<>();
        for (Revision r : revisions) {
            for (String d : datasets) {
                for (int l : layers) {
                    for (int s : seeds) for (String w : weak) units.add(new Unit(r.name(), r.step(), r.tokens(), d, l, s, w));
                }
            }
        }
        return new Plan(units);
    }

    /** The units of the revisions this shard owns (revisions dealt round-robin in plan order). */
    public Plan forShard(Shard shard) {
        if (shard.isAll()) return this;
        Map<String, Integer> position = new LinkedHashMap<>();
        for (Unit u : units) position.putIfAbsent(u.revision(), position.size());
        return new Plan(units.stream().filter(u -> shard.owns(position.get(u.revision()))).toList());
    }

    /** The units whose keys are not in {@code done}. */
    public Plan without(Set<String> doneKeys) {
        return new Plan(units.stream().filter(u -> !doneKeys.contains(u.key())).toList());
    }

    /** Units grouped by revision, revisions in plan order. */
    public Map<String, List<Unit>> byRevision() {
        Map<String, List<Unit>> out = new LinkedHashMap<>();
        for (Unit u : units) out.computeIfAbsent(u.revision(), k -> new ArrayList<>()).add(u);
        return out;
    }

    public int size() {
        return units.size();
    }

    public boolean isEmpty() {
        return units.isEmpty();
    }
}
