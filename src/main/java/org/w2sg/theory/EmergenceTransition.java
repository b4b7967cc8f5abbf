package org.w2sg.theory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The 4PL transition of an empirical curve against ln x (x = tokens or step), with a bootstrap CI of its midpoint:
 * over seeds when the curve has two or more, otherwise parametric from each point's own CI (normal, half-width /
 * 1.96), otherwise none.
 */
public record EmergenceTransition(Logistic4Fit.Result fit, double midX, SeedBootstrap.Interval midCi, String ciMethod,
                                  long firstStepCiAboveZero) {
    public static EmergenceTransition of(EmergenceCurve curve, int resamples, SplittableRandom rng) {
        List<EmergenceCurve.Point> pts = curve.points();
        double[] x = new double[pts.size()];
        double[] y = new double[pts.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.log(pts.get(i).x());
            y[i] = pts.get(i).mean();
        }
        Logistic4Fit.Result fit = Logistic4Fit.fit(x, y);
        double mid = fit == null ? Double.NaN : Math.exp(fit.curve().mid());
        SeedBootstrap.Interval ci = SeedBootstrap.Interval.NONE;
        String method = "none";
        List<String> seeds = new ArrayList<>(new TreeSet<>(pts.stream().flatMap(p -> p.bySeed().keySet().stream()).toList()));
        if (fit != null && seeds.size() >= 2) {
            method = "seed bootstrap";
            ci = SeedBootstrap.percentile(seeds.size(), resamples, rng, idx -> {
                double[] m = new double[pts.size()];
                for (int i = 0; i < m.length; i++) {
                    Map<String, Double> by = pts.get(i).bySeed();
                    double s = 0;
                    int n = 0;
                    for (int k : idx) {
                        Double v = by.get(seeds.get(k));
                        if (v != null) {
                            s += v;
                            n++;
                        }
                    }
                    m[i] = n == 0 ? Double.NaN : s / n;
                }
                Logistic4Fit.Result f = Logistic4Fit.fit(x, m);
                return f == null ? Double.NaN : Math.exp(f.curve().mid());
            });
        } else if (fit != null && pts.stream().allMatch(p -> Double.isFinite(p.ciLow()) && Double.isFinite(p.ciHigh()))) {
            method = "parametric from the per-step CIs";
            double[] se = pts.stream().mapToDouble(p -> (p.ciHigh() - p.ciLow()) / (2 * 1.959963984540054)).toArray();
            double[] vals = new double[resamples];
            int ok = 0;
            for (int b = 0; b < resamples; b++) {
                double[] m = new double[y.length];
                for (int i = 0; i < m.length; i++) m[i] = y[i] + se[i] * rng.nextGaussian();
                Logistic4Fit.Result f = Logistic4Fit.fit(x, m);
                if (f != null && Double.isFinite(f.curve().mid())) vals[ok++] = Math.exp(f.curve().mid());
            }
            if (ok > 0) {
                double[] sorted = java.util.Arrays.copyOf(vals, ok);
                java.util.Arrays.sort(sorted);
                double a = (1 - SeedBootstrap.LEVEL) / 2;
                ci = new SeedBootstrap.Interval(SeedBootstrap.quantile(sorted, a), SeedBootstrap.quantile(sorted, 1 - a), resamples, resamples - ok);
            }
        }
        long first = -1;
        for (EmergenceCurve.Point p : pts) {
            if (p.ciLow() > 0) {
                first = p.step();
                break;
            }
        }
        return new EmergenceTransition(fit, mid, ci, method, first);
    }

    /** The step whose x is nearest (in log) to the midpoint: what a reader looks up in the checkpoint list. */
    public long nearestStep(EmergenceCurve curve) {
        long best = -1;
        double d = Double.POSITIVE_INFINITY;
        for (EmergenceCurve.Point p : curve.points()) {
            double dd = Math.abs(Math.log(p.x()) - Math.log(midX));
            if (dd < d) {
                d = dd;
                best = p.step();
            }
        }
        return best;
    }
}
