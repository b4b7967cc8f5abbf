package org.w2sg.extract;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.w2sg.errors.UnreadableFileException;
import org.w2sg.errors.UserException;

/**
 * A checkpoint's tokenizer.json through DJL's HuggingFaceTokenizer, with the library's own truncation and padding
 * switched off (it would silently cut at 512 tokens and pad with id 0). Over-long texts keep their END, so last-token
 * pooling still sees the question that templates put last; a leading special token (BOS) is kept in front.
 */
public final class TextTokenizer implements AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;
    private final Path file;
    private final int maxLength;
    private final String sha256;

    private TextTokenizer(HuggingFaceTokenizer tokenizer, Path file, int maxLength, String sha256) {
        this.tokenizer = tokenizer;
        this.file = file;
        this.maxLength = maxLength;
        this.sha256 = sha256;
    }

    /** The largest real tokenizer.json files are a few tens of MiB. */
    static final long MAX_TOKENIZER_BYTES = 256L << 20;

    /**
     * @param tokenizerJson a tokenizer.json, or a checkpoint folder that has one
     * @param maxLength     the most tokens a sequence keeps (the model's max_position_embeddings)
     */
    public static TextTokenizer open(Path tokenizerJson, int maxLength) {
        Path file = Files.isDirectory(tokenizerJson) ? tokenizerJson.resolve("tokenizer.json") : tokenizerJson;
        if (!Files.isRegularFile(file)) {
            throw new UserException("no tokenizer at " + file + ": the checkpoint folder needs its "
                    + "tokenizer.json, or pass --tokenizer PATH");
        }
        if (maxLength < 1) throw new UserException("maximum sequence length must be >= 1, got " + maxLength);
        try {
            org.w2sg.io.Untrusted.smallFile(file, MAX_TOKENIZER_BYTES, "tokenizer.json");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try {
            HuggingFaceTokenizer t = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(file)
                    .optAddSpecialTokens(true)
                    .optTruncation(false)
                    .optPadding(false)
                    .build();
            return new TextTokenizer(t, file, maxLength, sha256(file));
        } catch (IOException | RuntimeException e) {
            throw new UserException(file + ": not a Hugging Face tokenizer.json (" + e.getMessage() + ")", e);
        }
    }

    /** A tokenized text: the ids the model sees, and how many tokens were cut from its start. */
    public record Tokens(int[] ids, int dropped) {}

    public Tokens encode(String text) {
        Encoding e = tokenizer.encode(text);
        return keepEnd(e.getIds(), e.getSpecialTokenMask());
    }

    public List<Tokens> encodeAll(List<String> texts) {
        Encoding[] all = tokenizer.batchEncode(texts);
        return java.util.Arrays.stream(all).map(e -> keepEnd(e.getIds(), e.getSpecialTokenMask())).toList();
    }

    private Tokens keepEnd(long[] ids, long[] special) {
        int n = ids.length;
        int[] out;
        int dropped = Math.max(0, n - maxLength);
        if (dropped == 0) {
            out = new int[n];
            for (int i = 0; i < n; i++) out[i] = Math.toIntExact(ids[i]);
        } else {
            boolean keepFirst = special.length > 0 && special[0] == 1 && maxLength > 1;
            out = new int[maxLength];
            int from = n - maxLength + (keepFirst ? 1 : 0);
            int at = 0;
            if (keepFirst) out[at++] = Math.toIntExact(ids[0]);
            for (int i = from; i < n; i++) out[at++] = Math.toIntExact(ids[i]);
        }
        return new Tokens(out, dropped);
    }

    public int maxLength() {
        return maxLength;
    }

    public Path file() {
        return file;
    }

    /** SHA-256 of the tokenizer.json bytes, recorded with every store entry. */
    public String sha256() {
        return sha256;
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw UnreadableFileException.of(file, "the tokenizer", e, null);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
