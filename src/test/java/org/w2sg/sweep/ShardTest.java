package org.w2sg.sweep;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.w2sg.registry.Revision;
import org.w2sg.run.Shard;
import org.w2sg.run.Unit;

class ShardTest {
    @Test
    void parsesAndDealsRevisionsRoundRobin() {
        Shard s = Shard.parse("2/3");
        assertEquals(new Shard(2, 3), s);
        assertEquals("2of3", s.tag());
        assertFalse(s.owns(0));
        assertTrue(s.owns(1));
        assertFalse(s.owns(2));
        assertTrue(s.owns(4));
        assertEquals(Shard.ALL, Shard.parse(null));
        assertEquals(Shard.ALL, Shard.parse(" 1/1 "));
    }

    @Test
    void outOfRangeSpecSaysWhatToWrite() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shard.parse("3/2"));
        assertTrue(e.getMessage().contains("--shard 1/2 ... --shard 2/2"), e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Shard.parse("0/4")).getMessage()
                .contains("--shard 1/4"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Shard.parse("two/4")).getMessage()
                .contains("I/N"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Shard.parse("4")).getMessage()
                .contains("I/N"));
        assertThrows(IllegalArgumentException.class, () -> Shard.parse("1/0"));
    }

    @Test
    void shardsPartitionThePlanByWholeRevisions() {
        List<Revision> revs = List.of(new Revision("step0", 0, 0), new Revision("step1", 1, 10),
                new Revision("step2", 2, 20), new Revision("step4", 4, 40), new Revision("step8", 8, 80));
        Plan plan = Plan.of(revs, List.of("sst2", "boolq"), List.of(3), List.of(0, 1, 2));
        assertEquals(5 * 2 * 3, plan.size());
        int total = 0;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 1; i <= 3; i++) {
            Plan part = plan.forShard(new Shard(i, 3));
            total += part.size();
            for (Unit u : part.units()) assertTrue(seen.add(u.key()), "unit in two shards: " + u);
            // a revision's units never straddle shards
            for (String rev : part.byRevision().keySet()) assertEquals(6, part.byRevision().get(rev).size());
        }
        assertEquals(plan.size(), total);
        assertEquals(List.of("step1", "step8"),
                List.copyOf(plan.forShard(new Shard(2, 3)).byRevision().keySet()));
    }
}
