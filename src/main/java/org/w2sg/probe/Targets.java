package org.w2sg.probe;

import org.w2sg.errors.UserException;

/** Training targets: probabilities in [0,1] (0/1 for gold labels); the hard label of a target is {@code t > 0.5}. */
public final class Targets {
    private Targets() {}

    public static double[] fromLabels(int[] labels) {
        double[] t = new double[labels.length];
        for (int i = 0; i < t.length; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw new UserException("probe: the label of row " + i + " is " + labels[i] + ", expected 0 or 1");
            }
            t[i] = labels[i];
        }
        return t;
    }

    static void check(double[] targets, int rows) {
        if (targets.length != rows) {
            throw new UserException("probe: " + rows + " feature rows but " + targets.length + " targets");
        }
        for (int i = 0; i < targets.length; i++) {
            if (!(targets[i] >= 0 && targets[i] <= 1)) {
                throw new UserException("probe: target " + i + " is " + targets[i]
                        + ", expected a label 0/1 or a probability in [0, 1]");
            }
        }
    }

    static boolean isHard(double[] targets) {
        for (double t : targets) if (t != 0.0 && t != 1.0) return false;
        return true;
    }

    public static boolean[] positive(double[] targets) {
        boolean[] b = new boolean[targets.length];
        for (int i = 0; i < b.length; i++) b[i] = targets[i] > 0.5;
        return b;
    }

    /** Hard version of probabilities: 1 where p > 0.5 (ties at exactly 0.5 go to 0). */
    public static double[] harden(double[] proba) {
        double[] t = new double[proba.length];
        for (int i = 0; i < t.length; i++) t[i] = proba[i] > 0.5 ? 1.0 : 0.0;
        return t;
    }
}
