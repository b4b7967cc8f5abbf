package org.w2sg.probe;

import java.util.Arrays;
import java.util.stream.IntStream;
import smile.math.BFGS;

/**
 * Lambda sensitivity of one unit: the test accuracy of the ceiling and w2s probes refitted on all of B at every lambda
 * of the CV grid (the w2s probe's lambda is chosen against weak labels, which may favour imitating them; this shows
 * how much the result depends on that choice). Every grid point is fitted with the soft-target objective, walking
 * from the strongest penalty to the weakest with warm starts, as the CV does.
 *
 * @param lambdas    the grid, ascending
 * @param ceilingAcc the ceiling probe's accuracy on T at each lambda
 * @param w2sAcc     the w2s probe's accuracy on T at each lambda (NaN where it was not fitted: one-class weak labels)
 * @param ceilingChosen the lambda CV chose for the ceiling probe (NaN: none)
 * @param w2sChosen  the lambda CV chose for the w2s probe (NaN: none)
 */
public record LambdaPath(double[] lambdas, double[] ceilingAcc, double[] w2sAcc, double ceilingChosen,
                         double w2sChosen) {
    public LambdaPath {
        if (ceilingAcc.length != lambdas.length || w2sAcc.length != lambdas.length) {
            throw new IllegalArgumentException("lambda path: " + lambdas.length + " lambdas, " + ceilingAcc.length
                    + " and " + w2sAcc.length + " accuracies");
        }
    }

    /** Test accuracy at every grid lambda of probes refitted on (x, targets); the scaler is fitted once. */
    static double[] accuracies(float[][] x, double[] targets, float[][] test, int[] goldT, double[] grid,
                               ProbeOptions options) {
        Standardizer scaler = Standardizer.fit(x);
        double[][] z = scaler.apply(x);
        double[][] zt = scaler.apply(test);
        int[] rows = IntStream.range(0, z.length).toArray();
        Integer[] order = IntStream.range(0, grid.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (a, b) -> Double.compare(grid[b], grid[a]));
        double[] acc = new double[grid.length];
        double[] w = new double[z[0].length + 1];
        for (int li : order) {
            LogisticObjective objective = new LogisticObjective(z, targets, rows, grid[li], options.parallel());
            BFGS.minimize(objective, LogisticProbe.LBFGS_MEMORY, w, options.tolerance(), options.maxIterations());
            long right = 0;
            for (int i = 0; i < zt.length; i++) {
                boolean positive = LogisticObjective.dot(zt[i], w, w.length - 1) > 0;
                if (positive == (goldT[i] == 1)) right++;
            }
            acc[li] = (double) right / zt.length;
        }
        return acc;
    }

    /** The grid ascending, without repeats. */
    static double[] grid(ProbeOptions options) {
        return Arrays.stream(options.lambdas()).distinct().sorted().toArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LambdaPath p && Arrays.equals(lambdas, p.lambdas) && Arrays.equals(ceilingAcc, p.ceilingAcc)
                && Arrays.equals(w2sAcc, p.w2sAcc) && Double.compare(ceilingChosen, p.ceilingChosen) == 0
                && Double.compare(w2sChosen, p.w2sChosen) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(lambdas) * 31 + Arrays.hashCode(ceilingAcc) * 17 + Arrays.hashCode(w2sAcc);
    }
}
