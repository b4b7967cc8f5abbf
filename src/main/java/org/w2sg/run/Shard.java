package org.w2sg.run;

import org.w2sg.errors.UserException;

/**
 * One slice of a sweep, {@code I/N} with 1 &lt;= I &lt;= N, so N processes (a Slurm job array, several GPUs) can share
 * a run folder. Whole revisions are dealt out round-robin, so each process downloads and extracts only its own
 * checkpoints.
 */
public record Shard(int index, int count) {
    public static final Shard ALL = new Shard(1, 1);

    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new UserException("shard " + index + "/" + count + " is out of range: write --shard I/N with "
                    + "1 <= I <= N, e.g. --shard 1/" + Math.max(count, 2) + " ... --shard " + Math.max(count, 2) + "/"
                    + Math.max(count, 2));
        }
    }

    /** Parses {@code I/N}; the message of a bad spec says what to write instead. */
    public static Shard parse(String spec) {
        if (spec == null || spec.isBlank()) return ALL;
        String s = spec.trim();
        int slash = s.indexOf('/');
        if (slash <= 0 || slash == s.length() - 1) {
            throw new UserException("--shard '" + spec + "' is not of the form I/N: write e.g. --shard 1/4 for "
                    + "the first of 4 processes");
        }
        int i;
        int n;
        try {
            i = Integer.parseInt(s.substring(0, slash).trim());
            n = Integer.parseInt(s.substring(slash + 1).trim());
        } catch (NumberFormatException e) {
            throw new UserException("--shard '" + spec + "' is not of the form I/N with whole numbers: write "
                    + "e.g. --shard 1/4 for the first of 4 processes");
        }
        if (n < 1) {
            throw new UserException("--shard '" + spec + "': N must be at least 1 (write e.g. --shard 1/4)");
        }
        if (i < 1 || i > n) {
            throw new UserException("--shard '" + spec + "' is out of range: I counts from 1 to N, so with N = "
                    + n + " write --shard 1/" + n + " ... --shard " + n + "/" + n);
        }
        return new Shard(i, n);
    }

    public boolean isAll() {
        return count == 1;
    }

    /** Whether the revision at this position of the plan's revision order belongs to this shard. */
    public boolean owns(int revisionPosition) {
        return revisionPosition % count == index - 1;
    }

    /** The name used in per-shard file names, e.g. {@code 2of4}. */
    public String tag() {
        return index + "of" + count;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
