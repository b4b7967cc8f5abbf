package org.w2sg.theory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * summary.json: the parameters, n*, the predicted saturation of the w2s student, and the transition of PGR_0 vs
 * ln n_pre. Timings are left out on purpose (printed instead) so the file is as reproducible as the CSVs.
 */
public final class SyntheticSummary {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SyntheticSummary() {}

    static byte[] json(SyntheticConfig cfg, PhaseSweep.Outcome phase) {
        SpikedModel m = cfg.model();
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("d", m.d());
        p.put("lambda", m.lambda());
        p.put("eta", m.eta());
        p.put("link", m.link().id());
        p.put("sigma", m.sigma());
        p.put("kappa", m.kappa());
        p.put("tau", m.tau());
        p.put("delta", cfg.delta());
        p.put("step_size", cfg.delta() / m.d());
        p.put("horizon", cfg.horizon());
        p.put("n_pre_dynamics", cfg.nPre());
        p.put("seeds", cfg.seeds());
        p.put("seed", cfg.seed());
        p.put("sign_samples", m.link().isOdd() ? SpectralStart.SIGN_SAMPLES : 0);
        p.put("phase_points", cfg.phasePoints());
        p.put("bbp_points", cfg.bbpPoints());
        p.put("bootstrap_resamples", cfg.bootstrap());
        root.put("parameters", p);
        root.put("n_star", m.nStar());
        root.put("weak_risk", m.weakRisk());
        root.put("predicted_saturation_risk", m.saturationRisk());
        root.put("predicted_pgr0_saturation", PhaseSweep.pgr0(m.weakRisk(), m.saturationRisk()));
        root.put("pgr_floor", PhaseSweep.PGR_FLOOR);
        root.put("transition", phase == null ? null : transition(m, phase.transition()));
        try {
            return (JSON.writeValueAsString(root) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> transition(SpikedModel m, PhaseSweep.Transition t) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("metric", "pgr0");
        out.put("against", "ln(n_pre)");
        out.put("curve", "pgr0 = bottom + (top - bottom) / (1 + exp(-(ln(n_pre) - mid) / width))");
        org.w2sg.stats.LogisticFit.Result fit = t.fit();
        out.put("n_pre_mid", num(t.midNPre()));
        out.put("n_pre_mid_over_n_star", num(t.midNPre() / m.nStar()));
        out.put("ci_level", SeedBootstrap.LEVEL);
        out.put("ci_low", num(t.midCi().low()));
        out.put("ci_high", num(t.midCi().high()));
        out.put("bootstrap_resamples", t.midCi().resamples());
        out.put("bootstrap_failed_fits", t.midCi().failed());
        out.put("bottom", fit == null ? null : fit.curve().bottom());
        out.put("top", fit == null ? null : fit.curve().top());
        out.put("mid", fit == null ? null : fit.curve().mid());
        out.put("width", fit == null ? null : fit.curve().width());
        out.put("rmse", fit == null ? null : fit.rmse());
        out.put("points", fit == null ? null : fit.points());
        out.put("first_n_pre_pgr0_ci_above_zero", num(t.firstPositive()));
        out.put("flags", t.flags());
        return out;
    }

    private static Double num(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** Reads a summary.json back (for the report command). */
    static JsonNode read(java.nio.file.Path file) throws java.io.IOException {
        return JSON.readTree(file.toFile());
    }
}
