package org.w2sg.train;

import java.util.ArrayList;
import java.util.List;
import org.w2sg.errors.UserException;

/**
 * What {@code --corpus} names: comma-separated sources, each a dataset card (its train pool's text) or a text file,
 * optionally weighted with {@code :W} ({@code sst2:0.5,my.txt:0.5}). Either every source has a weight or none has;
 * without weights each source counts in proportion to its tokens (as if the files were concatenated).
 */
public record CorpusSpec(List<Entry> entries) {
    public record Entry(String source, double weight) {}

    public boolean weighted() {
        return entries.stream().anyMatch(e -> e.weight() > 0);
    }

    public static CorpusSpec parse(String text) {
        if (text == null || text.isBlank()) throw new UserException("--corpus is empty: give e.g. --corpus sst2 or --corpus my.txt");
        List<Entry> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) throw new UserException("--corpus '" + text + "' has an empty entry");
            int colon = p.lastIndexOf(':');
            double weight = 0;
            String source = p;
            if (colon > 0) {
                String tail = p.substring(colon + 1);
                try {
                    weight = Double.parseDouble(tail);
                    source = p.substring(0, colon);
                } catch (NumberFormatException e) {
                    weight = 0; // a ':' that belongs to the path
                }
                if (source != p && !(weight > 0 && Double.isFinite(weight))) {
                    throw new UserException("--corpus '" + p + "': the weight after ':' must be a positive number, got " + tail);
                }
            }
            out.add(new Entry(source, weight));
        }
        long withWeight = out.stream().filter(e -> e.weight() > 0).count();
        if (withWeight != 0 && withWeight != out.size()) {
            throw new UserException("--corpus '" + text + "': give every source a weight (sst2:0.5,my.txt:0.5) or none");
        }
        if (out.stream().map(Entry::source).distinct().count() != out.size()) {
            throw new UserException("--corpus '" + text + "' names a source twice");
        }
        return new CorpusSpec(List.copyOf(out));
    }
}
