package org.w2sg.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The options that change a sweep's numbers. Their fingerprint is stored in the run folder; a rerun with a different
 * fingerprint would mix incomparable units in one table, so it is refused. Options that only change what runs or how
 * fast (steps, shard, device, batch size, keeping weights) are deliberately not part of it: a run can be extended with
 * more steps in the same folder.
 *
 * @param model      the strong model as given to --model (alias, ORG/NAME or folder)
 * @param datasets   dataset names, in plan order
 * @param layers     the --layers spec as given (mid, all, or a list)
 * @param seeds      split seeds
 * @param weakTrain  size of A, the weak supervisor's training half
 * @param transfer   size of B, where the strong probes learn
 * @param test       size of T, where everything is scored
 * @param weak       the weak supervisors, resolved (e.g. pythia-70m@step143000:3 or noisy-gold:0.2, several joined by
 *                   ','); not in the fingerprint: each unit names its own, so adding one to a run is allowed and
 *                   runs only its units (each supervisor's checkpoint is bound by {@link RunIdentities})
 * @param pooling    how token states become one vector per example
 * @param maxTokens  truncation length of an example
 * @param weakLabels how the weak supervisor's probabilities train the w2s probe: soft (cross-entropy) or hard (p &gt; 0.5)
 * @param probe      probe and statistics settings
 * @param geometry   the geometry metrics each unit adds (their span and few-shot sizes), or "off"
 */
public record RunSettings(String model, List<String> datasets, String layers, List<Integer> seeds, int weakTrain,
                          int transfer, int test, String weak, String pooling, int maxTokens, String weakLabels, Probe probe,
                          String geometry) {
    /** A run without geometry metrics. */
    public static final String NO_GEOMETRY = "off";

    public RunSettings(String model, List<String> datasets, String layers, List<Integer> seeds, int weakTrain,
                       int transfer, int test, String weak, String pooling, int maxTokens, String weakLabels, Probe probe) {
        this(model, datasets, layers, seeds, weakTrain, transfer, test, weak, pooling, maxTokens, weakLabels, probe,
                NO_GEOMETRY);
    }

    /**
     * @param cvFolds    k of the k-fold cross-validation that picks lambda on the training half
     * @param lambdas    the L2 strengths tried
     * @param bootstrap  paired bootstrap resamples over T
     * @param pgrFloor   PGR is undefined when ceiling - weak is below this
     */
    public record Probe(int cvFolds, List<Double> lambdas, int bootstrap, double pgrFloor) {
        public Probe {
            lambdas = List.copyOf(lambdas);
        }
    }

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    public RunSettings {
        geometry = geometry == null ? NO_GEOMETRY : geometry; // a folder recorded before the geometry metrics
        datasets = List.copyOf(datasets);
        seeds = List.copyOf(seeds);
    }

    /** The settings as a JSON tree with keys in a fixed order. */
    public JsonNode toJson() {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = CANONICAL.convertValue(this, TreeMap.class);
        return CANONICAL.valueToTree(map);
    }

    public static RunSettings fromJson(JsonNode node) {
        return CANONICAL.convertValue(node, RunSettings.class);
    }

    /** Settings that vary within one run folder: left out of the fingerprint. */
    public static final java.util.Set<String> NOT_FINGERPRINTED = java.util.Set.of("weak");

    /** SHA-256 of the canonical JSON less {@link #NOT_FINGERPRINTED}: equal settings, equal fingerprint. */
    public String fingerprint() {
        try {
            com.fasterxml.jackson.databind.node.ObjectNode o = (com.fasterxml.jackson.databind.node.ObjectNode) toJson();
            o.remove(NOT_FINGERPRINTED);
            byte[] json = CANONICAL.writeValueAsString(o).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
