package org.w2sg.train;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.w2sg.io.AtomicFiles;

/**
 * A source's documents tokenized once into {@code CACHE/SHA.tokens}: int32 little-endian ids, each document followed
 * by the end-of-text id, memory-mapped when read. SHA is the sha256 of the source's content, the tokenizer file's
 * bytes, the EOS id and this format's version, so a changed input or tokenizer is a new file and a rerun reuses the
 * old one.
 */
public final class TokenFile {
    static final String FORMAT = "w2sg-tokens-v1";

    private final Path file;
    private final IntBuffer tokens;
    private final int documents;

    private TokenFile(Path file, IntBuffer tokens, int documents) {
        this.file = file;
        this.tokens = tokens;
        this.documents = documents;
    }

    public static String key(TextSource source, String tokenizerSha256, int eos) {
        MessageDigest md = TextSource.digest();
        for (String part : List.of(FORMAT, source.kind(), source.sha256(), tokenizerSha256, Integer.toString(eos))) {
            md.update(part.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The cached file for {@code source}, tokenizing it first when it is not there yet. */
    public static TokenFile of(Path cacheDir, TextSource source, HuggingFaceTokenizer tokenizer, String tokenizerSha256,
                               int eos) throws IOException {
        String key = key(source, tokenizerSha256, eos);
        Path file = cacheDir.resolve(key + ".tokens");
        if (!Files.isRegularFile(file)) {
            AtomicFiles.write(file, out -> {
                DataOutputStream data = new DataOutputStream(out);
                List<String> docs = source.documents();
                int chunk = 512;
                for (int from = 0; from < docs.size(); from += chunk) {
                    Encoding[] encoded = tokenizer.batchEncode(docs.subList(from, Math.min(docs.size(), from + chunk)));
                    for (Encoding e : encoded) {
                        for (long id : e.getIds()) data.writeInt(Integer.reverseBytes(Math.toIntExact(id)));
                        data.writeInt(Integer.reverseBytes(eos));
                    }
                }
                data.flush();
            });
        }
        return open(file, source.documents().size());
    }

    static TokenFile open(Path file, int documents) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            IntBuffer ids = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
            return new TokenFile(file, ids, documents);
        }
    }

    public Path file() {
        return file;
    }

    public int documents() {
        return documents;
    }

    public long size() {
        return tokens.limit();
    }

    public int get(long index) {
        return tokens.get(Math.toIntExact(index));
    }
}
