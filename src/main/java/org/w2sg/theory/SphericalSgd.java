package org.w2sg.theory;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.w2sg.linalg.Lanczos;

/**
 * Online SGD of the student He_k(&lt;w, x&gt;), |w| = 1, on the squared loss (1/2)(He_k(&lt;w, x&gt;) - y)^2 with one
 * fresh sample per step and the projected spherical step w &lt;- (w - h grad_sphere) / |w - h grad_sphere|,
 * h = delta / d. The step is not normalised to unit length: that would clip exactly the rare large-gradient
 * samples that carry the signal and change the phenomenon.
 *
 * <p>Students compared with each other (ceiling and w2s) are trained in lockstep on the same input stream: common
 * random numbers make their difference less noisy, and drawing x once for both halves the dominant cost (d
 * Gaussians per step).
 */
final class SphericalSgd {
    /** Exact renormalisation this often; in between the norm is updated in closed form. */
    private static final int RENORMALISE_EVERY = 1024;

    private final SpikedModel model;
    private final double h;
    private final long horizon;

    SphericalSgd(SpikedModel model, double delta, long horizon) {
        this.model = model;
        this.h = delta / model.d();
        this.horizon = horizon;
    }

    /** A point of a trajectory: after {@code step} SGD steps. */
    record Snapshot(long step, double overlap, double risk) {}

    record Result(double[] w, List<Snapshot> snapshots) {
        double finalRisk(SpikedModel model) {
            return model.risk(w);
        }
    }

    /**
     * Trains one student per (start, labels) pair (one or two) on a shared input stream.
     *
     * @param requestedRecords number of evenly spaced snapshots after step 0 (0: none; the final w is always returned)
     * @param inputSeed seed of the shared input stream
     * @param noiseSeed seed of the gold labels' noise (one draw per step, shared by gold students)
     */
    List<Result> run(List<double[]> starts, List<Supervision> labels, long inputSeed, long noiseSeed, int requestedRecords) {
        int d = model.d();
        int k = starts.size();
        if (labels.size() != k) throw new IllegalArgumentException("one label kind per start");
        if (k < 1 || k > 2) throw new IllegalArgumentException("one or two students per input stream, got " + k);
        HermiteLink link = model.link();
        int records = (int) Math.min(requestedRecords, horizon); // keeps the snapshot steps distinct
        double[][] w = new double[k][];
        boolean anyGold = false, anyWeak = false;
        List<List<Snapshot>> snapshots = new ArrayList<>();
        for (int s = 0; s < k; s++) {
            w[s] = starts.get(s).clone();
            Lanczos.scale(w[s], 1.0 / Lanczos.norm(w[s]));
            anyGold |= labels.get(s) == Supervision.GOLD;
            anyWeak |= labels.get(s) == Supervision.WEAK;
            snapshots.add(new ArrayList<>(records + 1));
            if (records > 0) snapshots.get(s).add(snapshot(0, w[s]));
        }
        double[] x = new double[d];
        SplittableRandom inputs = new SplittableRandom(inputSeed);
        SplittableRandom noise = new SplittableRandom(noiseSeed);
        double spikeScale = Math.sqrt(1.0 + model.lambda());
        long nextRecord = records > 0 ? recordStep(1, records) : Long.MAX_VALUE;
        int recorded = 1;
        double[] w0 = w[0];
        double[] w1 = k > 1 ? w[1] : w[0]; // with one student the second accumulator is computed and ignored
        double[] a = new double[2];
        for (long t = 1; t <= horizon; t++) {
            // x ~ N(0, I + lambda e0 e0^T), the same draw as model.sampleInput; |x|^2 and both students' <w, x> in
            // the same pass, which the Gaussian generator's latency makes almost free
            double g0 = spikeScale * inputs.nextGaussian();
            x[0] = g0;
            double xx = g0 * g0, a0 = w0[0] * g0, a1 = w1[0] * g0;
            for (int j = 1; j < d; j++) {
                double g = inputs.nextGaussian();
                x[j] = g;
                xx += g * g;
                a0 += w0[j] * g;
                a1 += w1[j] * g;
            }
            a[0] = a0;
            a[1] = a1;
            double yGold = anyGold ? model.goldLabel(x, noise) : Double.NaN;
            double yWeak = anyWeak ? model.weakLabel(x) : Double.NaN;
            for (int s = 0; s < k; s++) {
                double[] ws = w[s];
                double as = a[s];
                double y = labels.get(s) == Supervision.GOLD ? yGold : yWeak;
                double r = (link.value(as) - y) * link.derivative(as);
                // u = w - h r (x - a w) = (1 + c) w - h r x with c = h r a; |u|^2 = 1 - c^2 + (h r)^2 |x|^2 >= 1
                double hr = h * r;
                double c = hr * as;
                double inv = 1.0 / Math.sqrt(1.0 - c * c + hr * hr * xx);
                double p = (1.0 + c) * inv;
                double q = hr * inv;
                for (int j = 0; j < d; j++) ws[j] = p * ws[j] - q * x[j];
                if (t % RENORMALISE_EVERY == 0 || t == nextRecord) Lanczos.scale(ws, 1.0 / Lanczos.norm(ws));
                if (t == nextRecord) snapshots.get(s).add(snapshot(t, ws));
            }
            if (t == nextRecord) {
                recorded++;
                nextRecord = recorded <= records ? recordStep(recorded, records) : Long.MAX_VALUE;
            }
        }
        List<Result> out = new ArrayList<>(k);
        for (int s = 0; s < k; s++) {
            Lanczos.scale(w[s], 1.0 / Lanczos.norm(w[s]));
            out.add(new Result(w[s], snapshots.get(s)));
        }
        return out;
    }

    private long recordStep(int i, int records) {
        return Math.max(1, Math.round((double) horizon * i / records));
    }

    private Snapshot snapshot(long step, double[] w) {
        return new Snapshot(step, model.reportedOverlap(w), model.risk(w));
    }
}
