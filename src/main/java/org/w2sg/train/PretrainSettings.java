package org.w2sg.train;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One pre-training run's inputs.
 *
 * @param config     the full GPT-NeoX config.json fields of the model to train
 * @param tokenizer  the tokenizer.json to tokenize with (copied into every checkpoint)
 * @param evalEvery  validation loss every so many updates (0: at every checkpoint)
 * @param stateEvery resumable state every so many updates (also at every checkpoint and at the end)
 * @param stopAfter  stop (as if killed) after this many updates in this process; 0 = never (tests)
 */
public record PretrainSettings(Map<String, Object> config, String corpus, Path dataDir, Path tokenizer, Path tokenCache,
                               Path out, int seqLen, int batchSize, int steps, double lr, int warmup, double minLr,
                               double weightDecay, double clip, long seed, SaveSchedule save, int evalEvery,
                               int stateEvery, String device, boolean progress, long stopAfter) {

    public PretrainSettings withStopAfter(long n) {
        return new PretrainSettings(config, corpus, dataDir, tokenizer, tokenCache, out, seqLen, batchSize, steps, lr,
                warmup, minLr, weightDecay, clip, seed, save, evalEvery, stateEvery, device, progress, n);
    }

    public PretrainSettings withSteps(int n) {
        return new PretrainSettings(config, corpus, dataDir, tokenizer, tokenCache, out, seqLen, batchSize, n, lr,
                warmup, minLr, weightDecay, clip, seed, save, evalEvery, stateEvery, device, progress, stopAfter);
    }

    /**
     * What fixes the training trajectory: a rerun into the same folder must match all of it. --steps may grow (the
     * run is extended), and the save, eval and state intervals may change.
     */
    public Map<String, Object> identity(Map<String, String> contentSha256, String tokenizerSha256) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", config);
        m.put("corpus", corpus);
        m.put("corpus_sha256", contentSha256);
        m.put("tokenizer_sha256", tokenizerSha256);
        m.put("seq_len", seqLen);
        m.put("batch_size", batchSize);
        m.put("lr", lr);
        m.put("warmup", warmup);
        m.put("min_lr", minLr);
        m.put("weight_decay", weightDecay);
        m.put("clip", clip);
        m.put("seed", seed);
        return m;
    }
}
