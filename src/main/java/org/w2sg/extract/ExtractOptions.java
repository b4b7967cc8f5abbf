package org.w2sg.extract;

import org.w2sg.errors.UserException;

/**
 * How extraction runs. None of these change the stored numbers beyond float round-off, so an entry made with one
 * setting is reused under another.
 *
 * @param batchTokens   the most padded tokens one batch may hold (batch size x longest sequence)
 * @param maxLength     the most tokens per example (older ones are cut from the start); 0 = the model's
 *                      max_position_embeddings
 * @param padding       where batches are padded
 * @param groupExamples examples per checkpointed group: an interrupted extraction resumes after the last finished one
 * @param saveTokens    also store every example's token ids (tokens.npy + token_offsets.npy)
 * @param progress      show a progress bar on stderr
 */
public record ExtractOptions(int batchTokens, int maxLength, PaddingSide padding, int groupExamples, boolean saveTokens,
                             boolean progress) {
    public static final ExtractOptions DEFAULT = new ExtractOptions(4096, 0, PaddingSide.RIGHT, 256, false, true);

    public ExtractOptions {
        if (batchTokens < 1) throw new UserException("--batch-tokens must be >= 1, got " + batchTokens);
        if (maxLength < 0) throw new UserException("--max-length must be >= 0, got " + maxLength);
        if (groupExamples < 1) throw new UserException("group size must be >= 1, got " + groupExamples);
        if (padding == null) padding = PaddingSide.RIGHT;
    }

    public ExtractOptions withBatchTokens(int n) {
        return new ExtractOptions(n, maxLength, padding, groupExamples, saveTokens, progress);
    }

    public ExtractOptions withMaxLength(int n) {
        return new ExtractOptions(batchTokens, n, padding, groupExamples, saveTokens, progress);
    }

    public ExtractOptions withPadding(PaddingSide side) {
        return new ExtractOptions(batchTokens, maxLength, side, groupExamples, saveTokens, progress);
    }

    public ExtractOptions withGroupExamples(int n) {
        return new ExtractOptions(batchTokens, maxLength, padding, n, saveTokens, progress);
    }

    public ExtractOptions withSaveTokens(boolean save) {
        return new ExtractOptions(batchTokens, maxLength, padding, groupExamples, save, progress);
    }

    public ExtractOptions withProgress(boolean show) {
        return new ExtractOptions(batchTokens, maxLength, padding, groupExamples, saveTokens, show);
    }
}
