package org.w2sg.sweep;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w2sg.data.Example;
import org.w2sg.data.SplitSizes;
import org.w2sg.data.Splitter;
import org.w2sg.data.Splits;
import org.w2sg.extract.ActivationStore;
import org.w2sg.io.SharedDir;
import org.w2sg.probe.WeakPredictions;

/** structured-noise on real SST-2 splits: error rate P on B and T, the longest texts flipped, the same on a rerun. */
class StructuredNoiseLabelerTest {
    @TempDir
    Path tmp;

    @Test
    void flipsExactlyTheShareOfLongestTextsOnBAndT() {
        ActivationStore store = ActivationStore.open(tmp.resolve("store"), SharedDir.data());
        var data = store.dataset("sst2");
        Splits s = Splitter.split(data, new SplitSizes(200, 400, 200), 1);
        WeakLabeler.Halves h = halves(s);
        double p = 0.3;
        WeakPredictions w = new StructuredNoiseLabeler(p, store).label(h);
        for (var part : List.of(new Object[] {s.transfer(), w.transfer()}, new Object[] {s.test(), w.test()})) {
            @SuppressWarnings("unchecked")
            List<Example> rows = (List<Example>) part[0];
            double[] labels = (double[]) part[1];
            int wrong = 0, shortestWrong = Integer.MAX_VALUE, longestRight = 0;
            for (int i = 0; i < rows.size(); i++) {
                int len = rows.get(i).text().codePointCount(0, rows.get(i).text().length());
                assertTrue(labels[i] == 0 || labels[i] == 1);
                if (labels[i] != rows.get(i).label()) {
                    wrong++;
                    shortestWrong = Math.min(shortestWrong, len);
                } else {
                    longestRight = Math.max(longestRight, len);
                }
            }
            assertEquals(Math.round(p * rows.size()), wrong, "error rate exactly P (to the row)");
            assertTrue(shortestWrong >= longestRight, "the errors are the longest texts: " + shortestWrong + " < "
                    + longestRight);
        }
        // deterministic: a new labeler (a rerun) flips the same rows
        WeakPredictions again = new StructuredNoiseLabeler(p, ActivationStore.open(tmp.resolve("other"), SharedDir.data()))
                .label(h);
        assertArrayEquals(w.transfer(), again.transfer());
        assertArrayEquals(w.test(), again.test());
        // T is the same for every seed, and so are its errors
        assertArrayEquals(w.test(), new StructuredNoiseLabeler(p, store).label(halves(Splitter.split(data,
                new SplitSizes(200, 400, 200), 2))).test());
    }

    private static WeakLabeler.Halves halves(Splits s) {
        return new WeakLabeler.Halves("sst2", (int) s.seed(), s.transfer().stream().map(Example::id).toList(),
                s.test().stream().map(Example::id).toList(), s.transfer().stream().mapToInt(Example::label).toArray(),
                s.test().stream().mapToInt(Example::label).toArray());
    }
}
