package org.w2sg.probe;

import org.w2sg.errors.UserException;

/**
 * Per-feature z-scoring with statistics from the training half only, then applied unchanged to any other split so
 * no test information leaks into the probe. Constant features keep scale 1 (they become 0 after centring).
 */
public record Standardizer(double[] mean, double[] scale) {

    public static Standardizer fit(float[][] x) {
        int d = width(x.length, x.length == 0 ? 0 : x[0].length);
        double[] mean = new double[d];
        double[] m2 = new double[d];
        // Welford per column: stable for activations with large means (e.g. the residual stream's outlier dims)
        for (int i = 0; i < x.length; i++) {
            float[] row = checkRow(x[i], d, i);
            for (int j = 0; j < d; j++) {
                double delta = row[j] - mean[j];
                mean[j] += delta / (i + 1);
                m2[j] += delta * (row[j] - mean[j]);
            }
        }
        return finish(mean, m2, x.length);
    }

    public static Standardizer fit(double[][] x) {
        int d = width(x.length, x.length == 0 ? 0 : x[0].length);
        double[] mean = new double[d];
        double[] m2 = new double[d];
        for (int i = 0; i < x.length; i++) {
            double[] row = x[i];
            if (row.length != d) throw rowError(i, row.length, d);
            for (int j = 0; j < d; j++) {
                double delta = row[j] - mean[j];
                mean[j] += delta / (i + 1);
                m2[j] += delta * (row[j] - mean[j]);
            }
        }
        return finish(mean, m2, x.length);
    }

    private static Standardizer finish(double[] mean, double[] m2, int n) {
        double[] scale = new double[mean.length];
        for (int j = 0; j < mean.length; j++) {
            double sd = Math.sqrt(m2[j] / n);
            scale[j] = sd > 1e-12 * Math.max(1.0, Math.abs(mean[j])) ? sd : 1.0;
        }
        return new Standardizer(mean, scale);
    }

    public int dimension() {
        return mean.length;
    }

    public double[][] apply(float[][] x) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            float[] row = checkRow(x[i], mean.length, i);
            double[] z = new double[mean.length];
            for (int j = 0; j < z.length; j++) z[j] = (row[j] - mean[j]) / scale[j];
            out[i] = z;
        }
        return out;
    }

    public double[][] apply(double[][] x) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            double[] row = x[i];
            if (row.length != mean.length) throw rowError(i, row.length, mean.length);
            double[] z = new double[mean.length];
            for (int j = 0; j < z.length; j++) z[j] = (row[j] - mean[j]) / scale[j];
            out[i] = z;
        }
        return out;
    }

    private static int width(int n, int d) {
        if (n == 0) throw new UserException("probe: the training set has no rows");
        if (d == 0) throw new UserException("probe: the features have zero columns");
        return d;
    }

    private static float[] checkRow(float[] row, int d, int i) {
        if (row.length != d) throw rowError(i, row.length, d);
        return row;
    }

    private static IllegalArgumentException rowError(int i, int got, int d) {
        return new UserException("probe: row " + i + " has " + got + " features, expected " + d);
    }
}
