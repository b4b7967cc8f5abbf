package org.w2sg.train;

import java.util.TreeSet;
import org.w2sg.errors.UserException;

/**
 * Which steps get a checkpoint folder. {@code pythia} (default): Pythia's shape scaled to the run. Pythia saves step
 * 0, the powers of two 1 ... 512, then every 1000th step to 143000; here K = ceil(last / 20) takes the place of 1000:
 * step 0, the powers of two below K, then K, 2K ... (20 evenly spaced checkpoints keep a lab run's disk use and
 * sweep time small; with 143 instead of 20 and 143000 steps this is Pythia's list). {@code log:N}: step 0 and N steps
 * log-spaced from 1 to the last. {@code every:K}: 0, K, 2K ... A list ({@code 0,10,100}): those steps. The last step
 * is always saved.
 */
public record SaveSchedule(String spec) {
    public static final int EVEN_POINTS = 20;

    public SaveSchedule {
        steps(spec, 1); // validates
    }

    public TreeSet<Long> steps(long last) {
        return steps(spec, last);
    }

    private static TreeSet<Long> steps(String spec, long last) {
        TreeSet<Long> s = new TreeSet<>();
        String t = spec.trim();
        try {
            if (t.equals("pythia")) {
                long every = Math.max(1, (last + EVEN_POINTS - 1) / EVEN_POINTS);
                s.add(0L);
                for (long p = 1; p < every; p *= 2) s.add(p);
                for (long step = every; step <= last; step += every) s.add(step);
            } else if (t.startsWith("log:")) {
                int n = Integer.parseInt(t.substring(4).trim());
                if (n < 1) throw new NumberFormatException();
                s.add(0L);
                for (int i = 0; i < n; i++) {
                    s.add(Math.round(Math.exp(Math.log(Math.max(1, last)) * (n == 1 ? 1 : i / (double) (n - 1)))));
                }
            } else if (t.startsWith("every:")) {
                long k = Long.parseLong(t.substring(6).trim());
                if (k < 1) throw new NumberFormatException();
                for (long step = 0; step <= last; step += k) s.add(step);
            } else {
                for (String part : t.split(",")) {
                    long step = Long.parseLong(part.trim());
                    if (step < 0) throw new NumberFormatException();
                    if (step <= last) s.add(step);
                }
            }
        } catch (NumberFormatException e) {
            throw new UserException("--save '" + spec + "' is not one of: pythia, log:N, every:K (N, K >= 1) or a list "
                    + "of steps like 0,10,100");
        }
        s.add(last);
        return s;
    }
}
