package org.w2sg.theory;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.w2sg.io.Csv;

/** PCA alone: the squared overlap of the top sample eigenvector with the spike, against the BBP formula. */
final class BbpExperiment {
    static final String NAME = "bbp";
    static final List<String> HEADER = List.of("n_pre", "gamma", "seed", "overlap_sq_sim", "overlap_sq_theory");

    record Point(int nPre, int seed, double overlapSq) {}

    private final SyntheticConfig cfg;
    private final int[] grid;

    BbpExperiment(SyntheticConfig cfg) {
        this.cfg = cfg;
        this.grid = cfg.nPreGrid(cfg.bbpPoints());
    }

    int units() {
        return grid.length * cfg.seeds();
    }

    /** Lanczos work ~ n_pre d per product times a few dozen products. */
    double cost(int unit) {
        return 50.0 * grid[unit / cfg.seeds()] * cfg.model().d();
    }

    Point run(int unit) {
        int nPre = grid[unit / cfg.seeds()];
        int seed = unit % cfg.seeds();
        SplittableRandom rng = Streams.of(cfg.seed(), NAME, nPre, seed);
        double[] vhat = SpectralStart.topEigenvector(cfg.model(), nPre, rng);
        double m = cfg.model().spikeOverlap(vhat);
        return new Point(nPre, seed, m * m);
    }

    static String csv(SyntheticConfig cfg, List<Point> points) {
        List<List<String>> rows = new ArrayList<>();
        for (Point p : points) {
            double gamma = (double) cfg.model().d() / p.nPre();
            rows.add(List.of(Integer.toString(p.nPre()), Csv.exact(gamma), Integer.toString(p.seed()),
                    Csv.exact(p.overlapSq()), Csv.exact(Bbp.overlapSq(gamma, cfg.model().lambda()))));
        }
        return Csv.table(HEADER, rows);
    }
}
